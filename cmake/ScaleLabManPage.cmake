# cmake -DCLI=<scalelab-cli> -DOUT=<scalelab-cli.1> -DHELP2MAN=<help2man> -P ScaleLabManPage.cmake
# Writes the man page of scalelab-cli from its own help: help2man reads
# `scalelab-cli --help` and `--version`, and a SUBCOMMANDS section gathers
# `scalelab-cli <subcommand> --help` for each subcommand the help lists.
get_filename_component(cli_dir ${CLI} DIRECTORY)
get_filename_component(cli_name ${CLI} NAME)
get_filename_component(out_dir ${OUT} DIRECTORY)
# Run it by name so that the usage lines say "scalelab-cli", not a build path.
set(ENV{PATH} "${cli_dir}:$ENV{PATH}")
execute_process(COMMAND ${cli_name} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${cli_name} --help failed (${rc})")
endif()
string(REGEX REPLACE ".*\nSubcommands:\n" "" listed "${help}")
string(REGEX REPLACE "\n\n.*" "" listed "${listed}")
string(REGEX MATCHALL "(^|\n)  [a-z][a-z-]*" subcommands "${listed}")
set(include "[SUBCOMMANDS]\n")
foreach(entry IN LISTS subcommands)
  string(STRIP "${entry}" sub)
  execute_process(COMMAND ${cli_name} ${sub} --help OUTPUT_VARIABLE sub_help RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${cli_name} ${sub} --help failed (${rc})")
  endif()
  # roff: a line starting with a dot or a quote is a request; escape backslashes.
  string(REPLACE "\\" "\\e" sub_help "${sub_help}")
  string(REGEX REPLACE "\n([.'])" "\n\\\\&\\1" sub_help "${sub_help}")
  string(APPEND include ".SS ${sub}\n.nf\n${sub_help}.fi\n")
endforeach()
string(APPEND include "[SEE ALSO]\nscalelab(1): the desktop editor. The study format, the stream protocol and the charts are \
described in the documentation installed under share/doc/scalelab.\n")
file(WRITE ${out_dir}/scalelab-cli.h2m "${include}")
execute_process(COMMAND ${HELP2MAN} --no-info --section=1 --name
                        "simulate backend architectures under traffic and failures"
                        --include=${out_dir}/scalelab-cli.h2m --output=${OUT} ${cli_name}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "help2man failed (${rc})")
endif()
