"""Values in PostgreSQL's text output form, and the comparison of one value by its column's type letter.

PostgreSQL's results are taken as the text the server sends (the spec). DuckDB's Python values and the
engine's NDJSON values are turned into the same text form here before comparing.
"""
import datetime
import math
import re
import uuid
from decimal import Decimal, InvalidOperation

REL_TOL = 1e-9
ABS_TOL = 1e-12
MICROS = 1_000_000


def _seconds(sec: int, micros: int) -> str:
    text = f"{sec:02d}"
    if micros:
        text += ("." + f"{micros:06d}").rstrip("0")
    return text


def interval_text(months: int, days: int, micros: int) -> str:
    """PostgreSQL's `IntervalStyle=postgres` output (EncodeInterval)."""
    parts, is_zero, is_before = [], True, False

    def add(value, unit):
        nonlocal is_zero, is_before
        if value == 0:
            return
        parts.append(("" if is_zero else " ") + ("+" if is_before and value > 0 else "") + f"{value} {unit}"
                     + ("" if value == 1 else "s"))
        is_before, is_zero = value < 0, False

    years = int(months / 12)
    add(years, "year")
    add(months - years * 12, "mon")
    add(days, "day")
    if is_zero or micros != 0:
        minus = micros < 0
        total = abs(micros)
        hours, rest = divmod(total, 3600 * MICROS)
        minutes, rest = divmod(rest, 60 * MICROS)
        sec, frac = divmod(rest, MICROS)
        sign = "-" if minus else ("+" if is_before else "")
        parts.append(("" if is_zero else " ") + f"{sign}{hours:02d}:{minutes:02d}:" + _seconds(sec, frac))
    return "".join(parts)


def float_text(value: float) -> str:
    """float8out with extra_float_digits=1: shortest round-trip digits, exponent outside [-4, 15)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    exponent = math.floor(math.log10(abs(value)))
    text = repr(value)
    if -4 <= exponent < 15:
        if "e" in text:
            text = format(Decimal(text), "f")
        return text[:-2] if text.endswith(".0") else text
    mantissa, _, exp = f"{value:.17e}".partition("e")
    digits = repr(value).split("e")[0] if "e" in repr(value) else None
    if digits is None:
        d = Decimal(repr(value)).normalize()
        sign, ds, e = d.as_tuple()
        digits = ("-" if sign else "") + str(ds[0]) + ("." + "".join(map(str, ds[1:])) if len(ds) > 1 else "")
        exp = len(ds) - 1 + e
    else:
        exp = int(repr(value).split("e")[1])
    return f"{digits}e{'-' if int(exp) < 0 else '+'}{abs(int(exp)):02d}"


def _offset(delta: datetime.timedelta) -> str:
    total = int(delta.total_seconds())
    sign = "-" if total < 0 else "+"
    h, rest = divmod(abs(total), 3600)
    m, s = divmod(rest, 60)
    return f"{sign}{h:02d}" + (f":{m:02d}" if m or s else "") + (f":{s:02d}" if s else "")


def _array_item(text) -> str:
    if text is None:
        return "NULL"
    if text == "" or text.upper() == "NULL" or re.search(r'[{},"\\\s]', text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _composite_item(text) -> str:
    if text is None:
        return ""
    if text == "" or re.search(r'[(),"\\\s]', text):
        return '"' + text.replace("\\", "\\\\").replace('"', '""') + '"'
    return text


def to_text(value):
    """A Python value (from DuckDB or the engine's NDJSON) in PostgreSQL's text form; None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, Decimal):
        return "NaN" if value.is_nan() else format(value, "f")
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(value).hex()
    if isinstance(value, datetime.datetime):
        text = value.strftime("%Y-%m-%d %H:%M:%S") + _seconds(0, value.microsecond)[2:]
        return text + (_offset(value.utcoffset()) if value.utcoffset() is not None else "")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S") + _seconds(0, value.microsecond)[2:]
    if isinstance(value, datetime.timedelta):
        return interval_text(0, value.days, value.seconds * MICROS + value.microseconds)
    if hasattr(value, "months") and hasattr(value, "nanoseconds"):  # pyarrow MonthDayNano
        return interval_text(value.months, value.days, value.nanoseconds // 1000)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "{" + ",".join(_array_item(to_text(v)) if not isinstance(v, (list, tuple)) else to_text(v)
                              for v in value) + "}"
    if isinstance(value, dict):
        return "(" + ",".join(_composite_item(to_text(v)) for v in value.values()) + ")"
    return str(value)


def _number(text):
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


def equal(letter: str, expected, actual) -> bool:
    """Whether `actual` (text or None) matches `expected` (text or None) for a column of type `letter`:
    R compares as floats with a relative tolerance, I as integers, N, T and B as exact text."""
    if expected is None or actual is None:
        return expected is None and actual is None
    if letter == "R":
        try:
            e, a = float(expected), float(actual)
        except ValueError:
            return expected == actual
        if math.isnan(e) or math.isnan(a):
            return math.isnan(e) and math.isnan(a)
        return math.isclose(e, a, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    if letter == "I":
        e, a = _number(expected), _number(actual)
        if e is not None and a is not None:
            return e == a and a == a.to_integral_value()
    return expected == actual


def sort_key(letter: str, text):
    """A key that sorts equal values together, floats rounded to the tolerance."""
    if text is None:
        return (0, "")
    if letter == "R":
        try:
            return (1, format(float(text), ".8e"))
        except ValueError:
            pass
    return (1, text)


ISO_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:\d{2})?$")


def engine_text(value):
    """A value of the engine's NDJSON in PostgreSQL's text form (RFC 3339 timestamps become PostgreSQL's)."""
    if isinstance(value, str):
        m = ISO_TIMESTAMP.match(value)
        if m:
            frac = m.group(2)
            if "." in frac:
                frac = frac.rstrip("0").rstrip(".")
            zone = m.group(3)
            tz = "" if zone is None else "+00" if zone in ("Z", "+00:00") else (zone[:3] if zone.endswith(":00") else zone)
            return f"{m.group(1)} {frac}{tz}"
        return value
    return to_text(value)
