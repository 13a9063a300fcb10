# SPDX-License-Identifier: Apache-2.0
# The ThreadSanitizer build (`tsan` preset, STARPREP_TSAN=ON): only `tsan_tests`, made of the unit
# tests of the code that shares state between threads and the component sources they need, so
# `make test` does not build the project a third time. Included by CMakeLists.txt, which then
# stops (nothing else is defined in this mode).

set(STARPREP_TSAN_TESTS
  ${CMAKE_SOURCE_DIR}/tests/unit/http/server_test.cpp
  ${CMAKE_SOURCE_DIR}/tests/unit/http/page_cache_test.cpp
  ${CMAKE_SOURCE_DIR}/tests/unit/core/rate_limit_test.cpp
  ${CMAKE_SOURCE_DIR}/tests/unit/http/metrics_test.cpp
  ${CMAKE_SOURCE_DIR}/tests/unit/app/watcher_test.cpp)
# Whole component folders (files move between them, e.g. http/rate_limit.* to core/), plus the
# one file of `app` that the watcher test needs.
file(GLOB STARPREP_TSAN_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/core/*.cpp ${CMAKE_SOURCE_DIR}/src/http/*.cpp)
list(APPEND STARPREP_TSAN_SOURCES ${CMAKE_SOURCE_DIR}/src/app/watcher.cpp)

add_executable(tsan_tests ${STARPREP_TSAN_TESTS} ${STARPREP_TSAN_SOURCES})
target_include_directories(tsan_tests PRIVATE ${CMAKE_SOURCE_DIR}/src)
target_compile_definitions(tsan_tests PRIVATE BOOST_ASIO_NO_DEPRECATED STARPREP_VERSION="${PROJECT_VERSION}")
# GCC warns (-Wtsan) that ThreadSanitizer does not model the std::atomic_thread_fence in Asio's
# handler completion (fenced_block); the io_context's queue mutex already orders that hand-off.
target_compile_options(tsan_tests PRIVATE ${STARPREP_WARNINGS} -Wno-tsan -fsanitize=thread -fno-omit-frame-pointer)
target_link_options(tsan_tests PRIVATE -fsanitize=thread)
target_link_libraries(tsan_tests PRIVATE Boost::json Boost::url PkgConfig::DEPS Threads::Threads GTest::gtest
                      GTest::gtest_main)

enable_testing()
add_test(NAME tsan_tests COMMAND tsan_tests)
set_tests_properties(tsan_tests PROPERTIES LABELS tsan TIMEOUT 600
  ENVIRONMENT "TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:history_size=4")
