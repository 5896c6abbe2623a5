coalition_test(test_net_server
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_net_server.c ${CMAKE_CURRENT_LIST_DIR}/harness.c
  LIBS coalition_client coalition_proto coalition_nng Threads::Threads LABELS net TIMEOUT 600)
coalition_test(test_net_cli
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_net_cli.c ${CMAKE_CURRENT_LIST_DIR}/harness.c
  LIBS coalition_client LABELS net TIMEOUT 600)
add_dependencies(test_net_server coalitiond)
add_dependencies(test_net_cli coalitiond coalition)
