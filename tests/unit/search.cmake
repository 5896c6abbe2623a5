# Unit tests of service/search. service/CMakeLists.txt does not add the folder
# yet (the lead wires the RPC), so add it here when nobody else has.
if(NOT TARGET svc_search)
  add_subdirectory(${PROJECT_SOURCE_DIR}/service/search ${CMAKE_BINARY_DIR}/service/search)
endif()
coalition_test(test_search SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_search.c
  LIBS svc_search Threads::Threads LABELS unit)
