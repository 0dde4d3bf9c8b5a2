# ctest script: fails when EXECUTABLE loads a Qt library, QCustomPlot, or the X
# and GL libraries that come with them (by `ldd`): the simulation executable
# must start on cluster nodes that have none of them.
# Input: EXECUTABLE (path).
find_program(LDD ldd REQUIRED)
execute_process(COMMAND ${LDD} "${EXECUTABLE}" OUTPUT_VARIABLE libs ERROR_VARIABLE errors RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT libs MATCHES "libc\\.so")
  message(FATAL_ERROR "ldd ${EXECUTABLE} failed (${rc}): ${errors}${libs}")
endif()
string(REGEX MATCHALL "[^\n]*(libQt|QCustomPlot|qcustomplot|libGL|libEGL|libOpenGL|libX11|libxcb)[^\n]*" bad "${libs}")
if(bad)
  list(JOIN bad "\n" lines)
  message(FATAL_ERROR "${EXECUTABLE} loads Qt, QCustomPlot, X or GL libraries:\n${lines}")
endif()
message(STATUS "${EXECUTABLE} loads no Qt, QCustomPlot, X or GL library")
