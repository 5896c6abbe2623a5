# Unit tests of service/entity.
coalition_test(test_entity SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_entity.c
  LIBS svc_entity Threads::Threads LABELS unit)
