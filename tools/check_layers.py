#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Fails when an #include in src/ crosses an arrow that cmake/layers.txt does not allow.

Every `#include "dir/file.h"` of every file under src/ is mapped to the component whose
directory is its longest prefix (store/sqlite/db.h is store_sqlite, store/store.h is store), as
is the including file. An include within a component, or to a component its row lists under
"may use", passes; anything else is reported as

  src/practice/journal.h:23 includes web/coaching.h: practice (a service) may not depend on web

and the exit status is 1. A malformed table exits with 2. Only the test (`ctest -L lint`) runs
this script; the build itself reads the same table from CMake and needs no Python.

usage: check_layers.py [--root REPO] [--table FILE]
"""

import argparse
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
SOURCE_SUFFIXES = (".h", ".hpp", ".cpp", ".cc")


class TableError(Exception):
    pass


class Component:
    def __init__(self, name, directory, kind, uses):
        self.name = name
        self.directory = directory
        self.kind = kind
        self.uses = uses


def read_table(path):
    """Rows of the layers table, in order; each row may only name rows above it."""
    components = []
    seen = {}
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            fields = line.split()
            if len(fields) != 4:
                raise TableError(f"{path}:{number}: expected 4 columns (name, directory, kind, may use), got {len(fields)}")
            name, directory, kind, uses = fields
            if name in seen:
                raise TableError(f"{path}:{number}: component {name} is listed twice")
            if any(c.directory == directory for c in components):
                raise TableError(f"{path}:{number}: directory {directory} already belongs to another component")
            used = [] if uses == "-" else uses.split(",")
            for dep in used:
                if dep == name:
                    raise TableError(f"{path}:{number}: {name} lists itself")
                if dep not in seen:
                    raise TableError(f"{path}:{number}: {name} may use {dep}, which is not a component above it "
                                     "(arrows point down the table, so there are no cycles)")
            component = Component(name, directory, kind.replace("_", " "), set(used))
            components.append(component)
            seen[name] = component
    if not components:
        raise TableError(f"{path}: no components")
    return components


def owner(components, path):
    """The component whose directory is the longest prefix of `path` (a path relative to src/)."""
    best = None
    for c in components:
        if path == c.directory or path.startswith(c.directory + "/"):
            if best is None or len(c.directory) > len(best.directory):
                best = c
    return best


def check(root, table):
    """Returns the list of violation messages for the tree under root/src."""
    components = read_table(table)
    src = os.path.join(root, "src")
    problems = []
    files = 0
    includes = 0
    for directory, _, names in sorted(os.walk(src)):
        for filename in sorted(names):
            if not filename.endswith(SOURCE_SUFFIXES):
                continue
            files += 1
            full = os.path.join(directory, filename)
            rel_src = os.path.relpath(full, src).replace(os.sep, "/")
            shown = "src/" + rel_src
            mine = owner(components, rel_src)
            if mine is None:
                problems.append(f"{shown}: not in any component's directory; add one to {os.path.relpath(table, root)}")
                continue
            with open(full, encoding="utf-8", errors="replace") as f:
                for number, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    includes += 1
                    target = m.group(1)
                    where = f"{shown}:{number} includes {target}"
                    if "/" not in target:
                        problems.append(f"{where}: name it from src/ (\"{mine.directory}/{target}\" or another component's path)")
                        continue
                    theirs = owner(components, target)
                    if theirs is None:
                        problems.append(f"{where}: {target.split('/')[0]} is not a component of {os.path.relpath(table, root)}")
                    elif theirs is not mine and theirs.name not in mine.uses:
                        problems.append(f"{where}: {mine.name} ({mine.kind}) may not depend on {theirs.name}")
    return problems, files, includes


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.dirname(here), help="the repository (holds src/)")
    parser.add_argument("--table", help="the layers table (default: ROOT/cmake/layers.txt)")
    args = parser.parse_args(argv)
    table = args.table or os.path.join(args.root, "cmake", "layers.txt")
    try:
        problems, files, includes = check(args.root, table)
    except (TableError, OSError) as e:
        print(f"check_layers: {e}", file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    if problems:
        print(f"check_layers: {len(problems)} forbidden include(s); the allowed arrows are in "
              f"{os.path.relpath(table, args.root)} and docs/architecture.md", file=sys.stderr)
        return 1
    print(f"check_layers: {files} files, {includes} project includes, every one along an allowed arrow")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
