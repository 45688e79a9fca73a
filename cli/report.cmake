# hssc_report: the report of the check commands (cli/report.c) and the
# character writers it prints through (cli/output.c) as a small static
# library: no libcurl, no global state. The CLI and fuzz/fuzz_report.c link
# it. Included from the top-level CMakeLists.txt after cli/redact.cmake, so
# fuzz-only builds (HSSC_BUILD_CLI=OFF) have it too.
add_library(hssc_report STATIC ${CMAKE_CURRENT_LIST_DIR}/report.c ${CMAKE_CURRENT_LIST_DIR}/output.c)
target_include_directories(hssc_report PUBLIC ${CMAKE_CURRENT_LIST_DIR})
# output.c's cli_write_redacted scans with hssc_redact; report.c names codes
# and fields with the codec.
target_link_libraries(hssc_report PUBLIC hssc_redact hsscodec_static)
target_compile_options(hssc_report PRIVATE ${HSSC_WARNINGS})
