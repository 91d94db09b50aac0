# Runs `returncheck dump` on the bundled sample and checks the cells a reader must get right.
execute_process(COMMAND ${RC} dump ${SRC}/samples/table-6.2.xlsx
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "dump exited ${rc}: ${err}")
endif()
foreach(expected
    [["value":"Number of Looked After Children"]]
    [["type":"d","value":"2015-03-31T00:00:00"]]
    [["value":229]]
    [["value":278]])
  string(FIND "${out}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "dump output lacks ${expected}:\n${out}")
  endif()
endforeach()
execute_process(COMMAND ${RC} dump ${SRC}/samples/table-6.2.xlsx --sheet NoSuchSheet
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 3 OR NOT err MATCHES "no sheet named 'NoSuchSheet'; the sheets are: 'Activity'")
  message(FATAL_ERROR "--sheet NoSuchSheet: exit ${rc}, stderr: ${err}")
endif()
