# Client library tests: proto3 JSON mapping, status names, method lookup, and
# transport failures against no server and against raw nng REP sockets.
coalition_test(test_client_json
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_client_json.c
  LIBS coalition_client Threads::Threads
  LABELS unit
  TIMEOUT 60)
# The CLI binary end to end against a fake REP server inside the test.
if(TARGET coalition)
  coalition_test(test_client_cli
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_client_cli.c
    LIBS coalition_client Threads::Threads
    LABELS unit
    TIMEOUT 120)
  add_dependencies(test_client_cli coalition)
endif()
