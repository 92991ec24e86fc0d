"""Client values in PostgreSQL's text form, so that what psql, psycopg (text, binary, server-side cursors), pg8000,
PgJDBC and psqlODBC hand back compares with the corpus's expected values (`sqllogic/pgtext.py` compares them by
the column's type letter: integers exactly, floats with a tolerance, everything else as exact text).

Each client's values come as Python objects (psycopg, pg8000) or as the probes' JSON values (JdbcProbe.java,
odbc_probe.py: numeric as {"numeric": text}, intervals as {"interval": [months, days, microseconds]}); `text()`
turns either into the text PostgreSQL itself prints. Where a client's own mapping loses what the server sent, the
loss is spelled out here, once, and undone only where the expected value says what was lost (`odbc_text`)."""
import math
import re
import struct
from dataclasses import dataclass
from decimal import Decimal

from sqllogic.pgtext import interval_text, to_text

FLOAT4_OID = 700
# OIDs whose binary form psycopg does not decode (it hands over the raw bytes): the reg* types are OIDs on the
# wire in binary, their names only in text.
REG_OIDS = {24: "regproc", 2202: "regprocedure", 2203: "regoper", 2204: "regoperator", 2205: "regclass",
            2206: "regtype", 4096: "regrole", 4089: "regnamespace", 3734: "regconfig", 3769: "regdictionary"}


@dataclass(frozen=True)
class IntervalFields:
    """An interval as PostgreSQL keeps it (months, days, microseconds): Python's timedelta folds months into
    days (psycopg's and pg8000's default loaders), so the tests load intervals into this instead."""
    months: int
    days: int
    micros: int


class NotComparable(Exception):
    """A value this client cannot hand over in a comparable form (the reason says why); the case is skipped for
    that client, and the test reports it."""


def float4_text(value: float) -> str:
    """A real's text: the shortest decimal that reads back as the same 32-bit float (float4out), e.g. 0.1 for
    the 0.10000000149011612 that a binary real becomes in Python."""
    if math.isnan(value) or math.isinf(value):
        return to_text(value)
    single = struct.unpack("f", struct.pack("f", value))[0]
    for digits in range(1, 10):
        text = f"{single:.{digits}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == single:
            return to_text(float(text))
    return to_text(single)


def from_probe(value):
    """A JSON value of JdbcProbe / odbc_probe as a Python value: numeric as Decimal (scale kept), intervals as
    IntervalFields, lists item by item."""
    if isinstance(value, dict):
        if "numeric" in value:
            return Decimal(value["numeric"])
        if "interval" in value:
            return IntervalFields(*value["interval"])
        raise ValueError(f"unknown probe value {value!r}")
    if isinstance(value, list):
        return [from_probe(v) for v in value]
    return value


def pg8000_interval(value) -> IntervalFields:
    """pg8000's PGInterval (years, months, ..., microseconds as separate fields) as IntervalFields."""
    def get(name):
        return getattr(value, name, None) or 0
    months = ((get("millennia") * 10 + get("centuries")) * 10 + get("decades")) * 10 + get("years")
    months = months * 12 + get("months")
    days = get("weeks") * 7 + get("days")
    seconds = (get("hours") * 60 + get("minutes")) * 60 + get("seconds")
    micros = round(seconds * 1_000_000) + get("milliseconds") * 1000 + get("microseconds")
    return IntervalFields(int(months), int(days), int(micros))


def text(value, oid: int = 0):
    """`value` in PostgreSQL's text form (None stays None). `oid` is the column's type when the client says it
    (a real's Python float is widened from 32 bits and printed as the shortest float4 text)."""
    if value is None:
        return None
    if isinstance(value, IntervalFields):
        return interval_text(value.months, value.days, value.micros)
    if type(value).__name__ == "PGInterval":
        return text(pg8000_interval(value))
    if isinstance(value, float) and oid == FLOAT4_OID:
        return float4_text(value)
    if isinstance(value, (bytes, bytearray, memoryview)) and oid in REG_OIDS:
        raise NotComparable(f"{REG_OIDS[oid]} arrives in binary as an OID, which psycopg does not turn into a name")
    if isinstance(value, list):
        return "{" + ",".join(_array_item(v, oid) for v in value) + "}"
    return to_text(value)


def _array_item(value, oid):
    if isinstance(value, list):
        return text(value, oid)
    item = text(value, oid)
    return to_text([item])[1:-1] if item is not None else "NULL"


TZ_SUFFIX = re.compile(r"[+-]\d{2}(:\d{2}){0,2}$")
NAIVE_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$")


def odbc_text(value, letter: str, expected):
    """An ODBC value in PostgreSQL's text form. psqlODBC's documented mappings lose two things, undone here only
    where the expected value shows them: booleans arrive as the characters 1/0 (its BoolsAsChar default), and
    timestamptz as SQL_TYPE_TIMESTAMP, the session zone's wall clock without the offset (the sessions run in UTC,
    so the offset is +00)."""
    got = text(value)
    if got is None or expected is None:
        return got
    if letter == "B" and got in ("1", "0"):
        return "t" if got == "1" else "f"
    if NAIVE_TIMESTAMP.match(got) and TZ_SUFFIX.search(expected) and expected.endswith("+00"):
        return got + "+00"
    return got
