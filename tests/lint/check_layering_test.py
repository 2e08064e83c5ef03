#!/usr/bin/env python3
"""Proves that check_layering.py can fail: run on fixtures/, a small tree with known wrong includes, it
must exit 1 and name each of them by FILE:LINE and edge, and nothing else (fixtures/kiosk/staff holds only
includes the table allows).

Usage: check_layering_test.py (from any directory)
"""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

EXPECTED = [
    "drivers/status_log.cpp:4: forbidden include drivers -> <sqlite3.h> (#include <sqlite3.h>): "
    "SQLite belongs to the mirror and the hub's embedded store",
    "kiosk/selfservice/flow_with_devices.cpp:3: forbidden include kiosk/selfservice -> drivers "
    '(#include "drivers/usb_device.hpp"): from drivers, kiosk/selfservice may use only drivers/error.hpp, '
    "drivers/printer.hpp",
    "kiosk/selfservice/flow_with_devices.cpp:5: forbidden include kiosk/selfservice -> <SDL.h> "
    "(#include <SDL.h>): SDL belongs to the kiosk's shell (kiosk/app); printing rasterises text with "
    "SDL_ttf behind a pimpl (text_renderer.cpp)",
    'printing/badge_with_names.cpp:3: forbidden include printing -> sync/mirror (#include '
    '"sync/mirror/mirror.hpp")',
    "layering: 4 files checked, 4 forbidden includes",
]


def main():
    checker = subprocess.run([sys.executable, os.path.join(HERE, "check_layering.py"),
                              os.path.join(HERE, "fixtures")], capture_output=True, text=True)
    lines = checker.stdout.splitlines()
    failures = []
    if checker.returncode != 1:
        failures.append(f"the checker exited {checker.returncode}, expected 1 (stderr: {checker.stderr!r})")
    for line in EXPECTED:
        if line not in lines:
            failures.append(f"missing: {line}")
    for line in lines:
        if line not in EXPECTED:
            failures.append(f"unexpected: {line}")
    for failure in failures:
        print(failure)
    print("check_layering_test:", "FAILED" if failures else "passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
