# The Debian packages, made by CPack from the installed tree (`cpack --preset packages` after a release
# build; tests/hardware/packages_test.sh builds, checks with lintian, installs and runs them):
#   checkin-kiosk — kiosk (in cage on tty1), kioskctl, ql-simulator, the badge templates, device profiles
#                   and demo roster, the udev rules, the unit, /etc/checkin/kiosk.conf, the PAM service
#   checkin-hub   — kiosk-hub and its unit
# Library dependencies come from dpkg-shlibdeps (dpkg-dev); the rest is listed below with the reason.

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME checkin)
set(CPACK_PACKAGE_VENDOR "The check-in team")
set(CPACK_PACKAGE_CONTACT "The check-in team <checkin-team@example.org>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Empty: each package's own description (below) starts with its summary line; CPack would otherwise put
# the project's one-line description above both.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
# The units, the rules and /etc are placed for the prefix being installed to (install_system_files.cmake),
# which needs CMAKE_INSTALL_PREFIX=/usr with the staging folder as DESTDIR, not a staging prefix.
set(CPACK_SET_DESTDIR ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL kiosk hub)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://checkin.invalid/")

set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME checkin-kiosk)
set(CPACK_DEBIAN_KIOSK_DESCRIPTION "self check-in kiosk for on-site events
A fullscreen kiosk that reads the QR code of a delegate's invitation from a USB
scanner, finds the delegate in a local SQLite mirror of the roster, prints the
name badge on a Brother QL or Zebra label printer, and syncs check-ins with a
hub when the network allows. It starts on boot in cage on the first console.")
# cage and Xwayland: the session (cage refuses to start without Xwayland); libpam-systemd: the logind
# session cage takes the seat from; fonts: the screens and badges are drawn in DejaVu Sans; adduser: the
# postinst's user; udev: the rules. (deb-systemd-helper comes from init-system-helpers, which is essential.)
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS
    "cage, xwayland, libpam-systemd, fonts-dejavu-core, fonts-dejavu-extra, hyphen-pl, adduser, udev")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
    "${CMAKE_CURRENT_LIST_DIR}/checkin-kiosk/postinst;${CMAKE_CURRENT_LIST_DIR}/checkin-kiosk/prerm;${CMAKE_CURRENT_LIST_DIR}/checkin-kiosk/postrm;${CMAKE_CURRENT_LIST_DIR}/checkin-kiosk/conffiles")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_HUB_PACKAGE_NAME checkin-hub)
set(CPACK_DEBIAN_HUB_DESCRIPTION "sync hub for the check-in kiosks
The hub the check-in kiosks sync with over HTTPS with a pinned key: it holds
the roster and every kiosk's check-ins, and serves the organisers' dashboard
with its exports.")
set(CPACK_DEBIAN_HUB_PACKAGE_CONTROL_EXTRA
    "${CMAKE_CURRENT_LIST_DIR}/checkin-hub/postinst;${CMAKE_CURRENT_LIST_DIR}/checkin-hub/prerm;${CMAKE_CURRENT_LIST_DIR}/checkin-hub/postrm")
set(CPACK_DEBIAN_HUB_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# Debian's policy wants a copyright file and a compressed changelog in each package's doc folder (a native
# package's is changelog.gz). The kiosk's configuration is 0640 on purpose (staff secrets), which
# lintian's override says.
set(checkin_changelog "${CMAKE_BINARY_DIR}/packaging/changelog.gz")
file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/packaging")
execute_process(COMMAND gzip -9 -n -c "${CMAKE_CURRENT_LIST_DIR}/changelog"
                OUTPUT_FILE "${checkin_changelog}" COMMAND_ERROR_IS_FATAL ANY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${CMAKE_CURRENT_LIST_DIR}/changelog")
foreach(package checkin-kiosk checkin-hub)
  string(REPLACE "checkin-" "" component ${package})
  install(FILES "${CMAKE_CURRENT_LIST_DIR}/copyright" "${checkin_changelog}"
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package} COMPONENT ${component})
endforeach()
install(FILES "${CMAKE_CURRENT_LIST_DIR}/checkin-hub/haproxy-checkin-hub.cfg"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/checkin-hub/examples COMPONENT hub)
install(FILES "${CMAKE_CURRENT_LIST_DIR}/checkin-kiosk/lintian-overrides"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME checkin-kiosk COMPONENT kiosk)

include(CPack)
