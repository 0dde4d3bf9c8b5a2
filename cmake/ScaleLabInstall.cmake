# What `cmake --install` puts where (GNUInstallDirs), and the Debian package
# CPack builds from it (`cpack -G DEB` in the build folder):
#   bin/        scalelab, scalelab-cli, scalelab-charts (export-charts runs it
#               from scalelab-cli's folder; the GUI runs scalelab-cli from its own)
#   share/applications/scalelab.desktop, share/icons/hicolor/scalable/apps/scalelab.svg
#   share/scalelab/examples, templates, schema
#   share/doc/scalelab (README and docs), share/man/man1/scalelab-cli.1
# The executables' own rules are in app/*/CMakeLists.txt.
set(SCALELAB_DATADIR ${CMAKE_INSTALL_DATADIR}/scalelab)
set(SCALELAB_DOCDIR ${CMAKE_INSTALL_DATADIR}/doc/scalelab)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/examples/ DESTINATION ${SCALELAB_DATADIR}/examples)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/templates/ DESTINATION ${SCALELAB_DATADIR}/templates)
install(FILES ${PROJECT_SOURCE_DIR}/scenarios/schema/study.schema.json DESTINATION ${SCALELAB_DATADIR}/schema)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${SCALELAB_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${SCALELAB_DOCDIR})
if(SCALELAB_GUI)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/scalelab.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/scalelab.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
endif()

set(CPACK_PACKAGE_NAME scalelab)
set(CPACK_PACKAGE_VENDOR "ScaleLab")
set(CPACK_PACKAGE_CONTACT "ScaleLab maintainers <maintainers@scalelab.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Architecture simulator for backend systems")
set(CPACK_PACKAGE_DESCRIPTION
    "ScaleLab describes a backend (load balancers, gateways, services, caches, queues, databases, \
external APIs, CDNs), replays traffic spikes and failures against it on a discrete-event engine \
(SimGrid), and compares designs on the same traffic and faults. It ships a desktop editor \
(scalelab) and a command line (scalelab-cli) for batch runs.")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://scalelab.invalid")
set(CPACK_PACKAGE_INSTALL_DIRECTORY scalelab)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # scalelab_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded at run time, so dpkg-shlibdeps cannot see them: Qt's SVG image and
# icon plugins (the palette's icons); and fonts for the charts' text.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-dejavu-core")
include(CPack)
