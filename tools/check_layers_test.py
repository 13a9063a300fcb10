#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Tests of tools/check_layers.py on small trees in a temporary directory (`ctest -L lint`)."""

import os
import subprocess
import sys
import tempfile
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_layers.py")

TABLE = """\
# name        directory     kind                 may use
core          core          the_base             -
store         store         the_store_interface  core
store_sqlite  store/sqlite  a_store_backend      store,core
auth          auth          a_service            store,core
web           web           a_handler_layer      auth,store,core
"""

CLEAN = {
    "core/result.h": "#pragma once\n",
    "store/store.h": '#pragma once\n#include "core/result.h"\n',
    "store/sqlite/db.h": '#pragma once\n#include "store/store.h"\n#include "store/sqlite/other.h"\n',
    "store/sqlite/other.h": "#pragma once\n#include <vector>\n",
    "auth/accounts.h": '#pragma once\n#include "store/store.h"\n',
    "auth/accounts.cpp": '#include "auth/accounts.h"\n\n#include "core/result.h"\n',
    "web/render.h": '#pragma once\n#include "auth/accounts.h"\n',
}


class CheckLayersTest(unittest.TestCase):
    def run_on(self, files, table=TABLE):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "cmake"))
            with open(os.path.join(root, "cmake", "layers.txt"), "w") as f:
                f.write(table)
            for rel, text in files.items():
                path = os.path.join(root, "src", rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as f:
                    f.write(text)
            done = subprocess.run([sys.executable, SCRIPT, "--root", root], capture_output=True, text=True)
            return done.returncode, done.stdout, done.stderr

    def test_a_tree_along_the_arrows_passes(self):
        code, out, err = self.run_on(CLEAN)
        self.assertEqual(code, 0, out + err)
        self.assertIn("7 files", out)

    def test_a_service_including_web_fails_naming_file_line_include_and_rule(self):
        files = dict(CLEAN)
        files["auth/accounts.h"] = '#pragma once\n#include "store/store.h"\n#include "web/render.h"\n'
        code, out, err = self.run_on(files)
        self.assertEqual(code, 1, out + err)
        self.assertIn("src/auth/accounts.h:3 includes web/render.h: auth (a service) may not depend on web", out)
        self.assertIn("1 forbidden include", err)

    def test_the_longest_directory_decides_the_component(self):
        files = dict(CLEAN)
        files["store/store.h"] = '#pragma once\n#include "store/sqlite/db.h"\n'  # the interface may not know its backend
        code, out, _ = self.run_on(files)
        self.assertEqual(code, 1)
        self.assertIn("src/store/store.h:2 includes store/sqlite/db.h: store (the store interface) may not depend on "
                      "store_sqlite", out)

    def test_arrows_are_not_transitive(self):
        files = dict(CLEAN)
        files["store/sqlite/db.h"] = '#pragma once\n#include "auth/accounts.h"\n'
        code, out, _ = self.run_on(files)
        self.assertEqual(code, 1)
        self.assertIn("store_sqlite (a store backend) may not depend on auth", out)

    def test_every_violation_is_reported_not_only_the_first(self):
        files = dict(CLEAN)
        files["core/result.h"] = '#pragma once\n#include "store/store.h"\n#include "web/render.h"\n'
        code, out, _ = self.run_on(files)
        self.assertEqual(code, 1)
        self.assertIn("src/core/result.h:2 includes store/store.h: core (the base) may not depend on store", out)
        self.assertIn("src/core/result.h:3 includes web/render.h: core (the base) may not depend on web", out)

    def test_unknown_components_and_bare_names_fail(self):
        files = dict(CLEAN)
        files["auth/accounts.cpp"] = '#include "accounts.h"\n#include "search/index.h"\n'
        files["misc/x.h"] = "#pragma once\n"
        code, out, _ = self.run_on(files)
        self.assertEqual(code, 1)
        self.assertIn("src/auth/accounts.cpp:1 includes accounts.h: name it from src/", out)
        self.assertIn("src/auth/accounts.cpp:2 includes search/index.h: search is not a component", out)
        self.assertIn("src/misc/x.h: not in any component's directory", out)

    def test_a_table_with_an_upward_arrow_is_rejected(self):
        table = TABLE.replace("core          core          the_base             -",
                              "core          core          the_base             web")
        code, _, err = self.run_on(CLEAN, table)
        self.assertEqual(code, 2)
        self.assertIn("core may use web, which is not a component above it", err)


if __name__ == "__main__":
    unittest.main()
