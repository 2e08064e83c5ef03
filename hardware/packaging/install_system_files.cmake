# The files whose place depends on the prefix they are installed for: the systemd units (their ExecStart
# names the programs by path), the udev rules, and for the packages (prefix /usr) the configuration and
# the PAM service in /etc. Runs at install time — `cmake --install` and cpack, which installs with
# DESTDIR and CMAKE_INSTALL_PREFIX=/usr (hardware/packaging/packaging.cmake) — so one build serves both.
#
# Set by the install(CODE) that includes it (hardware/CMakeLists.txt): CHECKIN_SOURCE_DIR, CHECKIN_STAGING
# (a build folder for the rewritten units) and CHECKIN_FILES_OF (kiosk or hub).

set(checkin_units "${CMAKE_INSTALL_PREFIX}/lib/systemd/system")
set(checkin_rules "${CMAKE_INSTALL_PREFIX}/lib/udev/rules.d")
set(checkin_readable OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

# Each install rewrites the unit in a folder of its own: two installs of one build to different prefixes
# at once (the install tests run in parallel) must not install each other's ExecStart=.
function(checkin_install_unit name)
  file(READ "${CHECKIN_SOURCE_DIR}/hardware/systemd/${name}" text)
  string(REPLACE "/usr/local/bin/" "${CMAKE_INSTALL_PREFIX}/bin/" text "${text}")
  string(RANDOM LENGTH 16 this_install)
  set(staging "${CHECKIN_STAGING}/${this_install}")
  file(WRITE "${staging}/${name}" "${text}")
  file(INSTALL DESTINATION "${checkin_units}" TYPE FILE PERMISSIONS ${checkin_readable}
       FILES "${staging}/${name}")
  file(REMOVE_RECURSE "${staging}")
endfunction()

if(CHECKIN_FILES_OF STREQUAL "kiosk")
  checkin_install_unit(checkin-kiosk.service)
  file(INSTALL DESTINATION "${checkin_rules}" TYPE FILE PERMISSIONS ${checkin_readable}
       FILES "${CHECKIN_SOURCE_DIR}/hardware/udev/70-checkin-kiosk.rules")
  # /etc only for a system install (the packages): a /usr/local install is configured by hand
  # (hardware/README.md). The configuration holds staff secrets: readable by root and, after the
  # package's postinst gives it the group, by the kiosk.
  if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
    file(INSTALL DESTINATION "/etc/checkin" TYPE FILE PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ
         FILES "${CHECKIN_SOURCE_DIR}/kiosk/app/kiosk.conf.example" RENAME kiosk.conf)
    file(INSTALL DESTINATION "/etc/pam.d" TYPE FILE PERMISSIONS ${checkin_readable}
         FILES "${CHECKIN_SOURCE_DIR}/hardware/packaging/pam-checkin-kiosk" RENAME checkin-kiosk)
  endif()
elseif(CHECKIN_FILES_OF STREQUAL "hub")
  checkin_install_unit(checkin-hub.service)
else()
  message(FATAL_ERROR "install_system_files.cmake: CHECKIN_FILES_OF is '${CHECKIN_FILES_OF}', not kiosk or hub")
endif()
