#!/usr/bin/env python3
"""The layering of the tree, checked: which room (folder and build target) may include which.

Usage: check_layering.py SOURCE_DIR

Reads every .cpp and .hpp under the rooms below and under tests/, and prints one line per include that the
tables do not allow, as FILE:LINE: room -> room ("include"), followed by why. Exits 1 when it printed any,
0 when the tree keeps its layering. The tables are DESIGN.md's "Folders" table; where the code differs from
it for a reason, the reason is written beside the row.

Includes are rooted at the project directory ("sync/mirror/mirror.hpp"), so the room of an include is the
longest room that prefixes its path. A quoted include that names no room and no test helper is an error
too: a relative include would hide its room from this check.
"""

import os
import re
import sys

# room -> the rooms it may include (a room may always include itself). DESIGN.md's "may depend on", with
# the differences explained.
ALLOWED = {
    "base": set(),
    "sync/roster": {"base"},
    "sync/mirror": {"base", "sync/roster"},
    # Not a row of DESIGN.md ("the protocol" of the hub and client rows): the JSON of the hub API. It writes
    # delegates and journal events with the mirror's JSON (sync/mirror/delegate_json.hpp), so that a
    # delegate has one JSON form in the mirror, on the wire and in the hub.
    "sync/protocol": {"base", "sync/roster", "sync/mirror"},
    # Exception: the hub's embedded store is SQLite built on the mirror's SQLite wrapper
    # (sync/mirror/sqlite.hpp), journal rows (mirror_rows.hpp) and roster export, not a second copy of them.
    "sync/hub": {"base", "sync/roster", "sync/mirror", "sync/protocol"},
    # sync/roster is implied by the design's "sync/mirror": the mirror's types are the roster's delegates.
    "sync/client": {"base", "sync/roster", "sync/mirror", "sync/protocol"},
    "printing": {"base"},
    "drivers": {"base", "printing"},
    "hardware": {"base", "drivers", "printing"},
    # Part of hardware/ (the design's row): the simulators may use the device profiles beside them.
    "hardware/simulators": {"base", "drivers", "printing", "hardware"},
    # "sync/mirror types": sync/roster too, since the mirror's delegates are the roster's. From drivers only
    # the problem codes and the printer's state record (see ONLY_FILES).
    "kiosk/selfservice": {"base", "sync/roster", "sync/mirror", "drivers"},
    # Staff mode shows delegates, the journal and the printer panel, and reuses the self-service catalogue's
    # Language and formatter and the scene types of its layout (never the other way round).
    "kiosk/staff": {"base", "sync/roster", "sync/mirror", "drivers", "kiosk/selfservice"},
    "kiosk/app": {
        "base", "sync/roster", "sync/mirror", "sync/protocol", "sync/client", "printing", "drivers",
        "hardware", "hardware/simulators", "kiosk/selfservice", "kiosk/staff",
    },
    # kioskctl prints badges and reads the kiosk's configuration like the kiosk does (kiosk/app), but never
    # the SDL shell (see EXCEPT_FILES). It may serve as a hub's client; it never is the hub.
    "kiosk/ctl": {
        "base", "sync/roster", "sync/mirror", "sync/protocol", "sync/client", "printing", "drivers",
        "hardware", "hardware/simulators", "kiosk/selfservice", "kiosk/staff", "kiosk/app",
    },
}

# (room, included room) -> the only files of the included room it may use.
ONLY_FILES = {
    # The pure state machines know a printer's problem as a code and its state as data, nothing of devices.
    ("kiosk/selfservice", "drivers"): {"drivers/error.hpp", "drivers/printer.hpp"},
    ("kiosk/staff", "drivers"): {"drivers/error.hpp", "drivers/printer.hpp"},
}

# (room, included room) -> files of the included room it may not use.
EXCEPT_FILES = {
    # The SDL shell: the application loop, the painter and the sound.
    ("kiosk/ctl", "kiosk/app"): {"kiosk/app/kiosk_app.hpp", "kiosk/app/sdl_painter.hpp",
                                 "kiosk/app/sdl_audio.hpp"},
}

# Tests. A test under tests/ROOM/ may include what ROOM may include, ROOM itself, and any header under
# tests/ (fixtures and helpers are shared, e.g. tests/sync/mirror/mirror_fixture.hpp). Production never
# includes tests/. Beyond that, a test may bring in a real counterpart of the room it tests, listed here
# with the reason; everything else is as wrong in a test as in production.
TEST_EXTRA = {
    # The other end of the wire: the virtual scanner and the virtual QL printer, and the device profiles
    # the inventory is checked against.
    "drivers": {"hardware", "hardware/simulators"},
    # Round trip: what an encoder printed is read back by the simulator's job decoder.
    "printing": {"hardware/simulators"},
    # The real hub on loopback is the client's counterpart (e2e).
    "sync/client": {"sync/hub"},
    # The same for the running kiosk: its sync loop's health reports land in a real hub store (e2e).
    "kiosk/app": {"sync/hub"},
}
# Folders under tests/ that test no one room: benchmarks measure the whole stack; the fuzz targets feed
# every room's parsers.
TEST_ANY_ROOM = {"tests/bench", "tests/fuzz"}

# System headers only some rooms may use: (pattern of the include, the rooms that may use it, why). Every
# other room is forbidden it. Tests may use any of them (they inspect databases, serve fake hubs, drive
# emulated USB devices).
SYSTEM_HEADERS = [
    (re.compile(r"^sqlite3\.h$"), {"sync/mirror", "sync/hub"},
     "SQLite belongs to the mirror and the hub's embedded store"),
    (re.compile(r"^(SDL2?/)?SDL[_.a-zA-Z0-9]*\.h$"), {"kiosk/app", "printing"},
     "SDL belongs to the kiosk's shell (kiosk/app); printing rasterises text with SDL_ttf behind a pimpl "
     "(text_renderer.cpp)"),
    (re.compile(r"^libusb(-1\.0)?/?.*\.h$"), {"drivers"}, "USB belongs to the drivers"),
    (re.compile(r"^curl/"), {"sync/client"}, "libcurl belongs to the sync client"),
    (re.compile(r"^microhttpd\.h$"), {"sync/hub"},
     "the HTTP server belongs to the hub (sync/hub/http_server.cpp, libmicrohttpd)"),
    (re.compile(r"^httplib\.h$"), set(),
     "cpp-httplib is the tests' plain-HTTP client and fake hubs only; the hub serves with libmicrohttpd"),
    (re.compile(r"^openssl/"), {"base", "sync/hub"},
     "libcrypto belongs to base's digest and random bytes, and to the hub's TLS certificate "
     "(sync/hub/tls_identity.cpp)"),
    (re.compile(r"^sodium\.h$"), {"base"}, "libsodium is used through base (signature.hpp)"),
    (re.compile(r"^libpq-fe\.h$"), {"sync/hub"}, "PostgreSQL is the hub's store (sync/hub/postgresql.hpp)"),
    (re.compile(r"^cairo(-pdf)?\.h$"), {"printing"}, "PDF pages are drawn by printing (pdf_document.hpp)"),
    (re.compile(r"^hyphen\.h$"), {"printing"}, "hyphenation belongs to the badge layout (printing/hyphenation.hpp)"),
    (re.compile(r"^cups/"), {"drivers"},
     "IPP and CUPS printers are reached through libcups by the drivers (drivers/ipp_printer.cpp)"),
]

ROOMS = sorted(ALLOWED, key=len, reverse=True)  # longest first, so hardware/simulators wins over hardware
TOP_FOLDERS = sorted({room.split("/")[0] for room in ALLOWED} | {"tests"})
SKIPPED = ("tests/lint/fixtures/", "tests/data/")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')


def room_of(path):
    """The room a project path (rooted at the project directory) belongs to, or None."""
    for room in ROOMS:
        if path.startswith(room + "/"):
            return room
    return None


def sources(source_dir):
    """Every .cpp and .hpp of the rooms and tests/, as paths relative to source_dir, sorted."""
    found = []
    for top in TOP_FOLDERS:
        for folder, subfolders, files in os.walk(os.path.join(source_dir, top)):
            subfolders.sort()
            for name in files:
                if name.endswith((".cpp", ".hpp")):
                    relative = os.path.relpath(os.path.join(folder, name), source_dir).replace(os.sep, "/")
                    if not relative.startswith(SKIPPED):
                        found.append(relative)
    return sorted(found)


def allowed_rooms(path):
    """(the room whose rules apply to `path`, the rooms it may include, whether it is a test)."""
    if path.startswith("tests/"):
        for folder in TEST_ANY_ROOM:
            if path.startswith(folder + "/"):
                return folder, set(ALLOWED), True
        room = room_of(path[len("tests/"):])
        if room is None:
            return "tests", set(), True  # a helper beside the rooms (tests/kiosk/process.hpp)
        return "tests/" + room, ALLOWED[room] | {room} | TEST_EXTRA.get(room, set()), True
    room = room_of(path)
    return room, (ALLOWED[room] | {room}) if room else set(), False


def check_quoted(room, allowed, is_test, included):
    """Why including `included` from `room` is wrong ("" when the edge says it all), or None when allowed."""
    rules = room[len("tests/"):] if room.startswith("tests/") else room
    if included.startswith("tests/"):
        return None if is_test else "production code never includes tests/"
    target = room_of(included)
    if target is None:
        return 'the include names no room: write it from the project directory ("sync/mirror/mirror.hpp")'
    if target not in allowed:
        return ""
    only = ONLY_FILES.get((rules, target))
    if only is not None and included not in only:
        return f"from {target}, {rules} may use only {', '.join(sorted(only))}"
    if included in EXCEPT_FILES.get((rules, target), set()):
        return f"{rules} may use {target} but not {included}"
    return None


def check_system(room, is_test, included):
    """Why `room` may not include the system header `included`, or None when it may."""
    if is_test:
        return None
    for pattern, rooms, reason in SYSTEM_HEADERS:
        if pattern.search(included) and room not in rooms:
            return reason
    return None


def check_file(source_dir, path):
    """The forbidden includes of one file, as printable lines."""
    room, allowed, is_test = allowed_rooms(path)
    if room is None:
        return [f"{path}:1: the file is in no room of the layering table (tests/lint/check_layering.py)"]
    problems = []
    with open(os.path.join(source_dir, path), encoding="utf-8", errors="replace") as file:
        for number, line in enumerate(file, start=1):
            match = INCLUDE.match(line)
            if not match:
                continue
            included = match.group(2).strip()
            if match.group(1) == '"':
                why = check_quoted(room, allowed, is_test, included)
                written = f'"{included}"'
                target = room_of(included) or ("tests" if included.startswith("tests/") else included)
            else:
                why = check_system(room, is_test, included)
                written = f"<{included}>"
                target = written
            if why is not None:
                problems.append(f"{path}:{number}: forbidden include {room} -> {target} (#include {written})" +
                                (f": {why}" if why else ""))
    return problems


def main(arguments):
    if len(arguments) != 2:
        print("usage: check_layering.py SOURCE_DIR", file=sys.stderr)
        return 2
    source_dir = arguments[1]
    files = sources(source_dir)
    if not files:
        print(f"no .cpp or .hpp found under {source_dir}", file=sys.stderr)
        return 2
    problems = [problem for path in files for problem in check_file(source_dir, path)]
    for problem in problems:
        print(problem)
    print(f"layering: {len(files)} files checked, {len(problems)} forbidden includes")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
