# Unit tests of service/extract (owner: extract). The lexicons come from
# ${COALITION_SOURCE_DIR}/corpus/lexicon, the gold from tests/gold.
if(TARGET svc_extract AND TARGET svc_text)
  set(_exc ${CMAKE_CURRENT_LIST_DIR}/test_extract_common.c)
  coalition_test(test_extract_numbers
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_extract_numbers.c ${_exc}
    LIBS svc_extract m LABELS unit)
endif()
if(TARGET svc_extract AND TARGET svc_text)
  coalition_test(test_extract_dates
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_extract_dates.c ${_exc}
    LIBS svc_extract LABELS unit)
endif()
if(TARGET svc_extract AND TARGET svc_text)
  coalition_test(test_extract_gold
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_extract_gold.c ${_exc}
    LIBS svc_extract m LABELS unit)
endif()
if(TARGET svc_extract AND TARGET svc_text)
  coalition_test(test_extract_lexicon
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_extract_lexicon.c ${_exc}
    LIBS svc_extract PkgConfig::ICU Threads::Threads m LABELS unit)
endif()
