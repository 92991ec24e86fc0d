#!/usr/bin/env python3
"""Fill in or check the expected results of Tests/SQLTests/Resources/engine/*.slt with PostgreSQL.

Usage: scripts/slt-expect-postgres.py [--write] "host=127.0.0.1 port=P user=U dbname=D" FILE.slt...
Tables (`table NAME (col type, ...)` + tab-separated rows) become temporary tables; each `query` is run
and its rows printed in PostgreSQL's text form (booleans `true`/`false`, NULL, (empty)); each
`statement error STATE` is checked for that SQLSTATE. Without --write, differences are reported.
Needs psycopg 3. Only a tool for maintaining expectations: the Swift tests never need PostgreSQL.
"""
import sys

import psycopg
from psycopg.adapt import Loader


class TextLoader(Loader):
    def load(self, data):
        return bytes(data).decode()


def records(lines):
    block, start = [], 0
    for number, line in enumerate(lines + [""], 1):
        if line == "" or (not block and line.startswith("#")):
            if block:
                yield start, block
                block = []
            continue
        if not block:
            start = number
        block.append(line)


def main():
    args = sys.argv[1:]
    write = args[0] == "--write"
    if write:
        args = args[1:]
    conn = psycopg.connect(args[0], autocommit=True)
    for name in ["bool", "int2", "int4", "int8", "float4", "float8", "numeric", "date", "timestamptz", "timestamp",
                 "bpchar", "varchar", "regtype", "json",
                 "text", "bytea", "interval", "time", 705,
                 # arrays (bool, int4, int8, text, float4, float8, numeric, date, timestamp, timestamptz, interval)
                 # and anonymous records, in PostgreSQL's text form
                 1000, 1007, 1016, 1009, 1021, 1022, 1231, 1182, 1115, 1185, 1187, 2249]:
        conn.adapters.register_loader(name, TextLoader)
    bad = 0
    for path in args[1:]:
        lines = open(path).read().split("\n")
        replacements = {}  # index of a record's first expected line -> (expected lines it had, PostgreSQL's lines)
        conn.execute("DISCARD TEMP")
        for start, block in records(lines):
            header = block[0]
            if header.startswith("table "):
                conn.execute(f"CREATE TEMP TABLE {header[6:]}")
                for row in block[1:]:
                    cells = [None if c == "NULL" else ("" if c == "(empty)" else c) for c in row.split("\t")]
                    conn.execute(f"INSERT INTO {header[6:].split('(')[0].strip()} VALUES ({', '.join(['%s'] * len(cells))})", cells)
                continue
            words = header.split()
            if words[0] == "statement":
                sql = "\n".join(block[1:])
                try:
                    conn.execute(sql)
                    state = None
                except psycopg.Error as e:
                    state = e.sqlstate
                want = words[2] if len(words) > 2 else None
                if state != want:
                    bad += 1
                    print(f"{path}:{start}: PostgreSQL gives {state}, file says {want}: {sql}")
                continue
            sep = block.index("----")
            sql = "\n".join(block[1:sep])
            try:
                cur = conn.execute(sql)
                rows = cur.fetchall()
                bools = [d.type_code == 16 for d in cur.description]
            except psycopg.Error as e:
                bad += 1
                print(f"{path}:{start}: PostgreSQL error {e.sqlstate} {e}: {sql}")
                continue
            text = []
            for row in rows:
                cells = []
                for value, is_bool in zip(row, bools):
                    if value is None:
                        cells.append("NULL")
                    elif is_bool:
                        cells.append("true" if value == "t" else "false")
                    else:
                        cells.append(value if value != "" else "(empty)")
                text.append("\t".join(cells))
            expected = block[sep + 1:]
            if len(words) > 2 and words[2] == "rowsort":
                same = sorted(text) == sorted(expected)
            else:
                same = text == expected
            if not same:
                if write:
                    replacements[start - 1 + sep + 1] = (len(expected), text)
                else:
                    bad += 1
                    print(f"{path}:{start}: PostgreSQL gives {text}, file says {expected}: {sql}")
        if write:
            # Rebuilt from the original lines, so a record whose expected rows were empty (nothing to overwrite)
            # gets its rows inserted before the blank line that ends it instead of replacing that line.
            result, index = [], 0
            while index <= len(lines):
                if index in replacements:
                    count, text = replacements.pop(index)
                    result.extend(text)
                    index += count
                    continue
                if index == len(lines):
                    break
                result.append(lines[index])
                index += 1
            open(path, "w").write("\n".join(result))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
