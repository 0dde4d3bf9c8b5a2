# The engine layers (simcore, models, scenarios) must stay free of Qt:
# shared/DESIGN.md, "Layers and folders". Checked twice: at configure time on the
# targets' link interfaces and sources, and by the ctest `layers_qt_free`, which
# also inspects the built archives for Qt symbols.
function(scalelab_check_layers)
  foreach(target IN LISTS ARGN)
    foreach(prop LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
      get_target_property(libs ${target} ${prop})
      if(libs)
        foreach(lib IN LISTS libs)
          if(lib MATCHES "Qt[56]?::|^Qt|QCustomPlot")
            message(FATAL_ERROR "${target} links ${lib}: simcore, models and scenarios must not use Qt")
          endif()
        endforeach()
      endif()
    endforeach()
    get_target_property(dir ${target} SOURCE_DIR)
    file(GLOB_RECURSE files "${dir}/*.h" "${dir}/*.cpp")
    foreach(f IN LISTS files)
      file(STRINGS "${f}" hits REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]Q[A-Za-z]")
      if(hits)
        message(FATAL_ERROR "${f} includes a Qt header (${hits}): the engine layers must not use Qt")
      endif()
    endforeach()
  endforeach()
  set(archives "")
  foreach(target IN LISTS ARGN)
    list(APPEND archives "$<TARGET_FILE:${target}>")
  endforeach()
  add_test(NAME layers_qt_free
           COMMAND ${CMAKE_COMMAND} "-DSOURCE_DIR=${CMAKE_SOURCE_DIR}" "-DARCHIVES=${archives}"
                   -P "${CMAKE_SOURCE_DIR}/cmake/CheckQtFree.cmake")
  set_tests_properties(layers_qt_free PROPERTIES LABELS unit)
endfunction()

# The executables that run simulations link no Qt (shared/DESIGN.md: they run on
# cluster nodes without X or GL): the ctest `TARGET_links_no_qt` runs `ldd` on each.
function(scalelab_check_headless)
  foreach(target IN LISTS ARGN)
    add_test(NAME ${target}_links_no_qt
             COMMAND ${CMAKE_COMMAND} "-DEXECUTABLE=$<TARGET_FILE:${target}>"
                     -P "${CMAKE_SOURCE_DIR}/cmake/CheckNoQtLinked.cmake")
    set_tests_properties(${target}_links_no_qt PROPERTIES LABELS unit)
  endforeach()
endfunction()
