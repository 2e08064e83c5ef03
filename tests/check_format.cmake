# Fails when any C++ source of the project differs from what clang-format makes of it.
# Fix with: clang-format -i $(git ls-files '*.cpp' '*.hpp')
file(GLOB_RECURSE sources
  ${SOURCE_DIR}/base/*.cpp ${SOURCE_DIR}/base/*.hpp
  ${SOURCE_DIR}/kiosk/*.cpp ${SOURCE_DIR}/kiosk/*.hpp
  ${SOURCE_DIR}/sync/*.cpp ${SOURCE_DIR}/sync/*.hpp
  ${SOURCE_DIR}/printing/*.cpp ${SOURCE_DIR}/printing/*.hpp
  ${SOURCE_DIR}/drivers/*.cpp ${SOURCE_DIR}/drivers/*.hpp
  ${SOURCE_DIR}/hardware/*.cpp ${SOURCE_DIR}/hardware/*.hpp
  ${SOURCE_DIR}/tests/*.cpp ${SOURCE_DIR}/tests/*.hpp)
list(FILTER sources EXCLUDE REGEX "/build/")
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${sources}
  RESULT_VARIABLE result ERROR_VARIABLE diagnostics)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "These files need clang-format:\n${diagnostics}")
endif()
list(LENGTH sources count)
message(STATUS "format: ${count} files checked")
