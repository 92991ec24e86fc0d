"""Parser and writer of Outflow's sqllogictest files (the format is in README.md beside this file)."""
import re
from dataclasses import dataclass, field
from pathlib import Path

SORT_MODES = ("nosort", "rowsort", "valuesort")
TYPE_LETTERS = set("TIRNB")
# The portable column types a `# tables:` block may use (both PostgreSQL and DuckDB accept them).
TABLE_TYPES = re.compile(
    r"^(boolean|smallint|integer|int|bigint|real|double precision|numeric\(\d+,\s*\d+\)|numeric|text|"
    r"varchar(\(\d+\))?|date|time|timestamp|timestamptz|interval)$", re.I)


class SLTError(Exception):
    pass


@dataclass
class Record:
    line: int                      # 1-based line of the record's first line
    sql: str
    duckdb_differs: str = ""       # reason, when the file marks DuckDB as differing for this record
    engine_todo: str = ""          # reason, when the file marks a gap of Outflow's engine for this record


@dataclass
class Statement(Record):
    expect_error: bool = False
    error_pattern: str = ""        # SQLSTATE (5 characters) or a fragment of the message; empty: any error
    header_index: int = 0          # index of the `statement ...` line (record mode rewrites it)


@dataclass
class Query(Record):
    types: str = ""
    sort_mode: str = ""            # explicit mode, or "" (see effective_sort_mode)
    expected: list = field(default_factory=list)  # rows: lists of str | None (NULL)
    sql_end: int = 0               # index of the line after the SQL (where `----` is or goes)
    block_end: int = 0             # index of the blank line (or EOF) that ends the record

    def effective_sort_mode(self) -> str:
        return self.sort_mode or ("nosort" if has_top_level_order_by(self.sql) else "rowsort")


@dataclass
class Table:
    name: str
    columns: list                  # [(name, type)]
    rows: list                     # [[SQL literal text, ...]]


@dataclass
class TablesBlock(Record):
    tables: list = field(default_factory=list)   # [Table]
    statements: list = field(default_factory=list)  # the block's SQL statements, run as written


@dataclass
class SLTFile:
    path: Path
    lines: list
    records: list
    datasets: list                 # names from `# dataset:` lines


# ---------------------------------------------------------------------------------------------- values
def encode_value(value) -> str:
    """One expected value as written in a file: NULL, (empty), or the text with \\, tab, newline escaped."""
    if value is None:
        return "NULL"
    if value == "":
        return "(empty)"
    if value in ("NULL", "(empty)"):
        return "\\" + value  # the text itself, not the markers
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def decode_value(text: str):
    if text == "NULL":
        return None
    if text == "(empty)":
        return ""
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), text)


def encode_row(row) -> str:
    return "\t".join(encode_value(v) for v in row)


# ---------------------------------------------------------------------------------------------- SQL helpers
def split_statements(sql: str) -> list:
    """Splits on `;` outside quotes, comments and parentheses."""
    parts, buf, depth, i, n = [], [], 0, 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"":
            j = i + 1
            while j < n:
                if sql[j] == c:
                    if j + 1 < n and sql[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            buf.append(sql[i:j + 1])
            i = j + 1
            continue
        if sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if c == ";" and depth == 0:
            parts.append("".join(buf).strip())
            buf = []
        else:
            buf.append(c)
        i += 1
    parts.append("".join(buf).strip())
    return [p for p in parts if p]


def _mask(sql: str) -> str:
    """The SQL with string literals and quoted identifiers blanked and each character given its paren depth."""
    out, i, n = [], 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"":
            j = sql.find(c, i + 1)
            j = n - 1 if j < 0 else j
            out.append(" " * (j - i + 1))
            i = j + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def has_top_level_order_by(sql: str) -> bool:
    masked, depth = _mask(sql), 0
    flat = []
    for c in masked:
        if c == "(":
            depth += 1
        flat.append(c if depth == 0 else " ")
        if c == ")":
            depth -= 1
    return re.search(r"\border\s+by\b", "".join(flat), re.I) is not None


def split_top_level(text: str, sep: str = ",") -> list:
    masked, depth, parts, start = _mask(text), 0, [], 0
    for i, c in enumerate(masked):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def _parse_tables_block(statements: list, names: list, line: int) -> list:
    tables = {}
    for stmt in statements:
        m = re.match(r"(?is)^create\s+table\s+(\w+)\s*\((.*)\)$", stmt)
        if m:
            cols = []
            for col in split_top_level(m.group(2)):
                cm = re.match(r"(?s)^(\w+)\s+(.+)$", col.strip())
                if not cm or not TABLE_TYPES.match(" ".join(cm.group(2).split())):
                    raise SLTError(f"line {line}: column `{col}` is outside the portable subset (README)")
                cols.append((cm.group(1), " ".join(cm.group(2).split())))
            tables[m.group(1).lower()] = Table(m.group(1), cols, [])
            continue
        m = re.match(r"(?is)^insert\s+into\s+(\w+)\s+values\s*(.*)$", stmt)
        if m and m.group(1).lower() in tables:
            table = tables[m.group(1).lower()]
            for tup in split_top_level(m.group(2)):
                if not (tup.startswith("(") and tup.endswith(")")):
                    raise SLTError(f"line {line}: INSERT row `{tup}` is not a parenthesized tuple")
                values = split_top_level(tup[1:-1])
                if len(values) != len(table.columns):
                    raise SLTError(f"line {line}: row `{tup}` has {len(values)} values for "
                                   f"{len(table.columns)} columns")
                table.rows.append(values)
            continue
        raise SLTError(f"line {line}: a `# tables:` block holds only CREATE TABLE t (col type, ...) and "
                       f"INSERT INTO t VALUES (...), ... statements; got `{stmt[:60]}`")
    missing = {n.lower() for n in names} - set(tables)
    if missing:
        raise SLTError(f"line {line}: `# tables:` names {sorted(missing)} but does not create them")
    return list(tables.values())


# ---------------------------------------------------------------------------------------------- parser
def parse(path: Path) -> SLTFile:
    lines = Path(path).read_text().split("\n")
    records, datasets, pending_differs, pending_todo = [], [], "", ""
    i, n = 0, len(lines)

    def take_until_blank(j):
        body = []
        while j < n and lines[j].strip() != "":
            body.append(lines[j])
            j += 1
        return body, j

    while i < n:
        raw = lines[i]
        stripped = raw.strip()
        if stripped == "":
            i += 1
            continue
        if stripped.startswith("#"):
            m = re.match(r"#\s*(tables|dataset|duckdb differs|engine todo)\s*:\s*(.*)$", stripped, re.I)
            key = m.group(1).lower() if m else ""
            if key == "dataset":
                datasets.append(m.group(2).strip())
            elif key == "duckdb differs":
                if not m.group(2).strip():
                    raise SLTError(f"{path}:{i + 1}: `# duckdb differs:` needs a reason")
                pending_differs = m.group(2).strip()
            elif key == "engine todo":
                if not m.group(2).strip():
                    raise SLTError(f"{path}:{i + 1}: `# engine todo:` needs a reason")
                pending_todo = m.group(2).strip()
            elif key == "tables":
                names = [x.strip() for x in m.group(2).split(",") if x.strip()]
                body, j = take_until_blank(i + 1)
                statements = split_statements("\n".join(body))
                try:
                    tables = _parse_tables_block(statements, names, i + 1)
                except SLTError as e:
                    raise SLTError(f"{path}:{e}") from None
                records.append(TablesBlock(i + 1, "\n".join(body), pending_differs, pending_todo, tables, statements))
                pending_differs = pending_todo = ""
                i = j
                continue
            i += 1
            continue
        words = stripped.split()
        if words[0] == "statement":
            if len(words) < 2 or words[1] not in ("ok", "error"):
                raise SLTError(f"{path}:{i + 1}: expected `statement ok` or `statement error [pattern]`")
            body, j = take_until_blank(i + 1)
            if not body:
                raise SLTError(f"{path}:{i + 1}: statement without SQL")
            pattern = stripped.split(None, 2)[2].strip() if len(words) > 2 else ""
            records.append(Statement(i + 1, "\n".join(body), pending_differs, pending_todo, words[1] == "error",
                                     pattern, i))
        elif words[0] == "query":
            if len(words) < 2 or not set(words[1]) <= TYPE_LETTERS:
                raise SLTError(f"{path}:{i + 1}: `query` needs type letters from {sorted(TYPE_LETTERS)}")
            mode = words[2] if len(words) > 2 else ""
            if mode and mode not in SORT_MODES:
                raise SLTError(f"{path}:{i + 1}: unknown sort mode `{mode}`")
            j, sql = i + 1, []
            while j < n and lines[j].strip() not in ("", "----"):
                sql.append(lines[j])
                j += 1
            if not sql:
                raise SLTError(f"{path}:{i + 1}: query without SQL")
            sql_end, expected = j, []
            if j < n and lines[j].strip() == "----":
                j += 1
                while j < n and lines[j] != "":
                    row = [decode_value(v) for v in lines[j].split("\t")]
                    if len(row) != len(words[1]):
                        raise SLTError(f"{path}:{j + 1}: {len(row)} values for {len(words[1])} columns")
                    expected.append(row)
                    j += 1
            records.append(Query(i + 1, "\n".join(sql), pending_differs, pending_todo, words[1], mode, expected,
                                 sql_end, j))
        else:
            raise SLTError(f"{path}:{i + 1}: unknown record `{words[0]}`")
        pending_differs = pending_todo = ""
        i = j
    return SLTFile(Path(path), lines, records, datasets)


def rewrite(slt: SLTFile, results: dict, errors: dict) -> str:
    """The file's text with each query's expected rows replaced by `results[record index]` (rows of str|None)
    and each `statement error` without a pattern given `errors[record index]` (a SQLSTATE)."""
    lines = list(slt.lines)
    for index in sorted(set(results) | set(errors), key=lambda k: -slt.records[k].line):
        rec = slt.records[index]
        if index in results:
            body = ["----"] + [encode_row(r) for r in results[index]] if results[index] else ["----"]
            lines[rec.sql_end:rec.block_end] = body
        else:
            lines[rec.header_index] = f"statement error {errors[index]}"
    return "\n".join(lines)
