#!/usr/bin/env python3
"""The map of the code stays true: the rooms of the layering table (check_layering.py), the folders that
are build targets (a CMakeLists.txt with add_library), and the rows of the README's room table are the
same set.

Usage: check_rooms.py SOURCE_DIR         checks the tree, exits 1 naming every difference
       check_rooms.py --self-test        proves the comparison fails on a README that misses a room
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_layering import ALLOWED  # noqa: E402

SKIPPED = {"tests", "build", ".git", ".ci"}


def target_folders(source_dir):
    """Folders below the top that define a library: the build targets."""
    found = set()
    for folder, directories, files in os.walk(source_dir):
        relative = os.path.relpath(folder, source_dir)
        if relative == ".":
            directories[:] = [d for d in directories if d not in SKIPPED]
            continue
        if "CMakeLists.txt" in files:
            with open(os.path.join(folder, "CMakeLists.txt"), encoding="utf-8") as cmake:
                if re.search(r"^\s*add_library\(\w+ (STATIC|SHARED|OBJECT)", cmake.read(), re.MULTILINE):
                    found.add(relative.replace(os.sep, "/"))
    return found


def readme_rooms(readme_text):
    """The rooms named in the first column of the README's room table: | `sync/mirror/` | … |."""
    return {match.group(1) for match in re.finditer(r"^\| `([a-z/]+)/` \|", readme_text, re.MULTILINE)}


def differences(table, targets, readme):
    problems = []
    for room in sorted(targets - table):
        problems.append(f"{room}: a build target that the layering table (tests/lint/check_layering.py) lacks")
    for room in sorted(table - targets):
        problems.append(f"{room}: in the layering table but no folder defines its library")
    for room in sorted((table | {"tests"}) - readme):
        problems.append(f"{room}: no row in the README's room table (## Architecture)")
    for room in sorted(readme - table - {"tests"}):
        problems.append(f"{room}: a row in the README's room table but not a room")
    return problems


def self_test():
    table = {"base", "printing"}
    found = differences(table, {"base", "printing"}, {"base", "tests"})
    expected = ["printing: no row in the README's room table (## Architecture)"]
    if found != expected:
        print(f"self-test: expected {expected}, got {found}")
        return 1
    if readme_rooms("| `base/` | x | y |\n| `sync/hub/` | x | y |\n| base | no backticks |\n") != {
            "base", "sync/hub"}:
        print("self-test: the README's rows were not read")
        return 1
    print("check_rooms self-test: passed")
    return 0


def main(arguments):
    if len(arguments) == 2 and arguments[1] == "--self-test":
        return self_test()
    if len(arguments) != 2:
        print("usage: check_rooms.py SOURCE_DIR | --self-test", file=sys.stderr)
        return 2
    source_dir = arguments[1]
    with open(os.path.join(source_dir, "README.md"), encoding="utf-8") as readme:
        readme_text = readme.read()
    problems = differences(set(ALLOWED), target_folders(source_dir), readme_rooms(readme_text))
    for problem in problems:
        print(problem)
    print(f"rooms: {len(ALLOWED)} in the table, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
