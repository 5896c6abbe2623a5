# Ops checks (owner: build/ops). They run external tools that `make deps`
# installs (docker-compose, buf) and fail, saying so, when a tool is missing.
coalition_test(test_ops_compose
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_ops_compose.c ${CMAKE_CURRENT_LIST_DIR}/test_ops_common.c
  LABELS unit ops TIMEOUT 120)
coalition_test(test_ops_buf_lint
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_ops_buf_lint.c ${CMAKE_CURRENT_LIST_DIR}/test_ops_common.c
  LABELS unit ops TIMEOUT 120)
