coalition_test(test_rpc SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_rpc.c
  LIBS svc_rpc LABELS unit)
coalition_test(test_common SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_common.c
  LIBS svc_common LABELS unit)
coalition_test(test_store SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_store.c
  LIBS svc_ingest LABELS unit)
coalition_test(test_store_series SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_store_series.c
  LIBS svc_ingest LABELS unit)
