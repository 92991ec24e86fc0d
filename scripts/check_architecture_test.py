#!/usr/bin/env python3
"""Unit tests for the pure functions of scripts/check-architecture (no Swift needed).

Run: python3 scripts/check_architecture_test.py
"""
import importlib.machinery
import importlib.util
import os
import unittest

_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check-architecture")
_loader = importlib.machinery.SourceFileLoader("check_architecture", _PATH)
_spec = importlib.util.spec_from_loader("check_architecture", _loader)
ca = importlib.util.module_from_spec(_spec)
_loader.exec_module(ca)

DOC = """# Architecture

Some prose with `Lake` in it that is not a table.

| target | role | may import |
|--------|------|:-----------|
| `Columnar` | column types | — |
| `Parquet` | file format | `Columnar`, `Codecs` |
| `Lake` | catalog | `Parquet`, `Columnar` (re-exported types) |
| `Codecs` | compression | nothing |
| `Ghost` | planned | `Lake` |

After the table.
"""

DUMP = {
    "targets": [
        {"name": "CZstd", "type": "system", "path": "Sources/CSystem/CZstd", "dependencies": []},
        {"name": "Columnar", "type": "regular", "path": None, "dependencies": []},
        {"name": "Codecs", "type": "regular", "dependencies": [{"byName": ["CZstd", None]}]},
        {"name": "Parquet", "type": "regular", "path": None,
         "dependencies": [{"byName": ["Columnar", None]}, {"target": ["Codecs", None]}]},
        {"name": "Lake", "type": "regular", "path": None,
         "dependencies": [{"byName": ["Parquet", None]}, {"product": ["GRDB", "GRDB.swift", None, None]}]},
        {"name": "LakeTests", "type": "test", "path": None, "dependencies": [{"byName": ["Lake", None]}]},
    ]
}


class ParseTableTests(unittest.TestCase):
    def test_imports_inside_multiline_string_literals_are_not_imports(self):
        text = 'import Foundation\nlet script = """\n    import signal, sys\n    """\nimport Lake\n'
        self.assertEqual([m for _, m in ca.parse_imports(text)], ["Foundation", "Lake"])

    def test_rows(self):
        table = ca.parse_table(DOC)
        self.assertEqual(table["Columnar"], set())
        self.assertEqual(table["Parquet"], {"Columnar", "Codecs"})
        self.assertEqual(table["Lake"], {"Parquet", "Columnar"})   # only backticked names count
        self.assertEqual(table["Codecs"], set())
        self.assertEqual(set(table), {"Columnar", "Parquet", "Lake", "Codecs", "Ghost"})

    def test_no_table(self):
        self.assertEqual(ca.parse_table("# nothing here\n| a | b |\n|---|---|\n| `X` | `Y` |\n"), {})

    def test_header_without_may_import_column(self):
        with self.assertRaises(ValueError):
            ca.parse_table("| target | role |\n|---|---|\n| `X` | y |\n")


class ParseImportsTests(unittest.TestCase):
    def test_forms(self):
        src = "\n".join([
            "import Foundation",
            "@testable import Lake",
            "@_exported public import Columnar",
            "@preconcurrency internal import NIOCore",
            "package import struct Parquet.FileMetaData",
            "@_spi(Testing) import Codecs",
            "    import GRDB  // indented, with a comment",
            "// import Commented",
            "let x = 1 // import NotAnImport",
            "importantThing()",
            "@_implementationOnly import CZstd",
        ])
        self.assertEqual(ca.parse_imports(src), [
            (1, "Foundation"), (2, "Lake"), (3, "Columnar"), (4, "NIOCore"),
            (5, "Parquet"), (6, "Codecs"), (7, "GRDB"), (11, "CZstd"),
        ])


class ParsePackageTests(unittest.TestCase):
    def test_targets(self):
        t = ca.parse_package(DUMP)
        self.assertEqual(t["Lake"]["deps"], {"Parquet", "GRDB"})
        self.assertEqual(t["Parquet"]["deps"], {"Columnar", "Codecs"})
        self.assertEqual(t["Lake"]["path"], "Sources/Lake")
        self.assertEqual(t["LakeTests"]["path"], "Tests/LakeTests")
        self.assertEqual(t["CZstd"]["path"], "Sources/CSystem/CZstd")
        self.assertEqual(t["Codecs"]["path"], "Sources/Codecs")


class CheckTests(unittest.TestCase):
    def setUp(self):
        self.table = ca.parse_table(DOC)
        self.targets = ca.parse_package(DUMP)

    def run_check(self, imports, table=None):
        return ca.check(table or self.table, self.targets, imports)

    def test_clean(self):
        imports = {
            "Lake": [("L.swift", 1, "Foundation"), ("L.swift", 2, "Parquet"), ("L.swift", 3, "GRDB"),
                     ("L.swift", 4, "Lake")],
            "Codecs": [("C.swift", 1, "CZstd"), ("C.swift", 2, "Glibc")],
        }
        self.assertEqual(self.run_check(imports), [])

    def test_not_in_may_import(self):
        v = self.run_check({"Columnar": [("Col.swift", 7, "Lake")]})
        self.assertEqual(len(v), 1)
        self.assertTrue(v[0].startswith("Col.swift:7: import Lake: "))
        self.assertIn("may not import `Lake`", v[0])
        self.assertIn("not a declared dependency", v[0])   # both reasons on one line

    def test_allowed_by_table_but_not_declared(self):
        v = self.run_check({"Lake": [("L.swift", 2, "Columnar")]})   # transitive via Parquet does not count
        self.assertEqual(len(v), 1)
        self.assertIn("`Columnar` is not a declared dependency of `Lake`", v[0])
        self.assertNotIn("may not import", v[0])

    def test_undeclared_external_product(self):
        v = self.run_check({"Parquet": [("P.swift", 3, "HTTPTypes")]})
        self.assertEqual(len(v), 1)
        self.assertIn("`HTTPTypes` is not a declared dependency of `Parquet`", v[0])

    def test_system_target_needs_only_a_dependency(self):
        v = self.run_check({"Lake": [("L.swift", 1, "CZstd")]})
        self.assertEqual(len(v), 1)
        self.assertIn("not a declared dependency", v[0])
        self.assertNotIn("may not import", v[0])

    def test_missing_row_and_unknown_name(self):
        table = {"Columnar": set(), "Parquet": {"Columnar", "Codecs", "Nope"}, "Codecs": set()}
        v = self.run_check({}, table)
        self.assertIn("docs/architecture.md: target `Lake` is missing from the allowed-imports table", v)
        self.assertTrue(any("`Nope`, which is not a (non-test) target" in x for x in v))
        self.assertEqual(len(v), 2)   # system and test targets need no row

    def test_ignored_rows(self):
        table = dict(self.table, CZstd=set(), LakeTests={"Lake"})
        self.assertEqual(ca.checked_targets(table, self.targets), ["Codecs", "Columnar", "Lake", "Parquet"])
        warnings = ca.table_warnings(table, self.targets)
        self.assertEqual(len(warnings), 3)   # Ghost, CZstd, LakeTests
        self.assertTrue(all("ignored" in w for w in warnings))


if __name__ == "__main__":
    unittest.main()
