"""A deterministic sample of the engine's differential corpus (`sqllogic/cases/*.slt`) that any client can run
one statement at a time in a fresh session on database `prod` (the demo datasets in `public`).

A record is eligible when it stands alone: a query or an expected error that uses no table of the file's
`# tables:` blocks, runs under the session's default settings (no earlier `SET` in its file other than
`TimeZone = 'UTC'`), is not marked `engine todo` (a gap of the engine, not of the wire) and returns only scalar and
array values (no rows or composite values: their text form is a client's business). From each file the sample
takes eligible queries evenly spread over the file, and the first eligible expected error."""
import re
from dataclasses import dataclass
from pathlib import Path

from sqllogic.slt import Query, Statement, TablesBlock, parse

CASES = Path(__file__).resolve().parent.parent / "sqllogic" / "cases"
QUERIES_PER_FILE = 3
QUERIES_PER_DEMO_FILE = 5
DEFAULT_SETTINGS = {"timezone": "'utc'"}
# SQL that returns a whole row or composite value: `(web).webPageDetails` without a field, ROW(...), t.* in a
# select list of a composite column. Spotted by these shapes, which the corpus uses.
COMPOSITE_RESULT = re.compile(r"\bROW\s*\(|^\s*SELECT\s+\(\w+\)\.\w+\s*(,|FROM)", re.I)


@dataclass(frozen=True)
class Case:
    file: str
    line: int
    sql: str
    types: str                 # type letters ("" for an expected error)
    sort_mode: str             # effective sort mode ("" for an expected error)
    expected: tuple            # rows of str | None
    error: str = ""            # SQLSTATE or message fragment of an expected error
    is_error: bool = False

    @property
    def id(self) -> str:
        return f"{Path(self.file).stem}:{self.line}"


def _setting(sql: str):
    m = re.match(r"(?is)^\s*set\s+(?:session\s+)?(time\s+zone|[\w.]+)\s*(?:=|to)?\s*(.*?)\s*;?\s*$", sql)
    if not m:
        return None
    return re.sub(r"\s+", "", m.group(1).lower()), m.group(2).strip().lower()


def eligible_records(path: Path):
    slt = parse(path)
    table_names = {t.name.lower() for r in slt.records if isinstance(r, TablesBlock) for t in r.tables}
    uses_table = re.compile(r"\b(" + "|".join(map(re.escape, sorted(table_names))) + r")\b", re.I) \
        if table_names else None
    settings = {}
    for rec in slt.records:
        if isinstance(rec, Statement) and not rec.expect_error:
            setting = _setting(rec.sql)
            if setting:
                name, value = setting
                settings[name] = value
            continue
        if isinstance(rec, TablesBlock) or rec.engine_todo:
            continue
        if any(DEFAULT_SETTINGS.get(k) != v for k, v in settings.items()):
            continue
        if uses_table is not None and uses_table.search(rec.sql):
            continue
        if COMPOSITE_RESULT.search(rec.sql) or ";" in rec.sql.strip().rstrip(";"):
            continue
        yield slt, rec


def sample(paths=None) -> list:
    """The sample: a list of Case, in file and line order."""
    cases = []
    for path in sorted(paths or CASES.glob("*.slt")):
        records = list(eligible_records(path))
        demo = any(slt.datasets for slt, _ in records[:1])
        queries = [r for _, r in records if isinstance(r, Query) and r.expected]
        errors = [r for _, r in records if isinstance(r, Statement) and r.expect_error and r.error_pattern]
        want = QUERIES_PER_DEMO_FILE if demo else QUERIES_PER_FILE
        picked = _spread(queries, want) + errors[:1]
        for rec in sorted(picked, key=lambda r: r.line):
            if isinstance(rec, Query):
                cases.append(Case(path.name, rec.line, rec.sql, rec.types, rec.effective_sort_mode(),
                                  tuple(tuple(r) for r in rec.expected)))
            else:
                cases.append(Case(path.name, rec.line, rec.sql, "", "", (), rec.error_pattern, True))
    return cases


def _spread(items: list, count: int) -> list:
    """`count` items evenly spaced over `items` (all of them when there are fewer), always the first."""
    if len(items) <= count:
        return list(items)
    step = len(items) / count
    return [items[int(k * step)] for k in range(count)]
