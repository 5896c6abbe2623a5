# Unit tests of service/entity (owner: entity). Until service/CMakeLists.txt
# adds service/entity, add it from here; the guard keeps both ways working.
if(TARGET svc_text AND NOT TARGET svc_entity)
  add_subdirectory(${PROJECT_SOURCE_DIR}/service/entity ${CMAKE_BINARY_DIR}/service/entity)
endif()
if(TARGET svc_entity)
  coalition_test(test_entity SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_entity.c
    LIBS svc_entity Threads::Threads LABELS unit)
endif()
