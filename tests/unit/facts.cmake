# Unit tests of service/facts (owner: facts). service/CMakeLists.txt does not
# add the folder yet, so the test brings it in.
if(NOT TARGET svc_facts)
  add_subdirectory(${PROJECT_SOURCE_DIR}/service/facts ${CMAKE_BINARY_DIR}/service/facts)
endif()
coalition_test(test_facts SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_facts.c ${CMAKE_CURRENT_LIST_DIR}/test_facts_common.c
  LIBS svc_facts Threads::Threads LABELS unit)
