# Included by the top-level CMakeLists.txt before the codec is added: with
# HSSC_FUZZ=ON, everything (the codec's static library included) is
# compiled with libFuzzer's coverage instrumentation and ASan + UBSan; the
# fuzz targets alone link the engine (HSSC_FUZZ_ENGINE). See
# docs/fuzzing.md.
if(NOT HSSC_FUZZ)
  return()
endif()
if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "HSSC_FUZZ=ON needs clang (CC=clang or CC=afl-clang-fast), not ${CMAKE_C_COMPILER_ID}")
endif()
set(HSSC_FUZZ_SANITIZERS "address,undefined" CACHE STRING "Sanitizers of the fuzz build")
set(HSSC_FUZZ_ENGINE "-fsanitize=fuzzer" CACHE STRING "Link flags of the fuzzing engine (the fuzz targets only)")
add_compile_options(-fsanitize=fuzzer-no-link,${HSSC_FUZZ_SANITIZERS} -fno-sanitize-recover=all
                    -fno-omit-frame-pointer -g -O1)
add_link_options(-fsanitize=${HSSC_FUZZ_SANITIZERS} -fno-sanitize-recover=all)
