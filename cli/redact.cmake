# hssc_redact: cli/redact.c as a small static library (see cli/redact.h).
# Included from the top-level CMakeLists.txt, so fuzz-only builds
# (HSSC_BUILD_CLI=OFF) have it too.
add_library(hssc_redact STATIC ${CMAKE_CURRENT_LIST_DIR}/redact.c)
target_include_directories(hssc_redact PUBLIC ${CMAKE_CURRENT_LIST_DIR})
# cursor.h only: the codec's header-only bounds-checked cursor and hex reader.
target_include_directories(hssc_redact PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../codec/src)
target_compile_options(hssc_redact PRIVATE ${HSSC_WARNINGS})
