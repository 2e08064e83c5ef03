#!/bin/sh
# Runs a test binary with umockdev's preload library, so that the UsbTestbed it creates replaces /sys and
# /dev for that process. Usage: run_under_umockdev.sh /path/to/umockdev-wrapper test-binary [args...]
#
# ASan insists on coming first in the list of loaded libraries and aborts when LD_PRELOAD puts umockdev's
# library ahead of it; verify_asan_link_order=0 turns that check off (harmless without ASan). Options the
# caller already set are kept.
wrapper="$1"
shift
ASAN_OPTIONS="verify_asan_link_order=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export ASAN_OPTIONS
exec "$wrapper" "$@"
