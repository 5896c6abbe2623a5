# Gold test of the fact model (owner: facts): the whole pipeline over the
# seed articles and tests/data/paragraphs, scored against tests/gold.
# facts.cmake (sorted before this file) brings in svc_facts.
coalition_test(test_facts_gold SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_facts_gold.c ${CMAKE_CURRENT_LIST_DIR}/test_facts_common.c
  LIBS svc_facts m LABELS unit)
