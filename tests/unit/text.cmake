# Unit tests of service/text.
coalition_test(test_text SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_text.c LIBS svc_text LABELS unit)
