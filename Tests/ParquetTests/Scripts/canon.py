"""Canonical JSON form of Arrow values, shared by the Parquet compatibility scripts.

null -> null, bool, int, float (NaN/inf as strings), decimal -> "<unscaled>e<exponent>",
binary -> "hex:<hex>", date -> days since epoch, timestamp -> microseconds since epoch (int),
struct -> [field values in order], list -> [...], map -> [[key, value], ...].
"""
import datetime
import decimal
import math

import pyarrow as pa

EPOCH_DATE = datetime.date(1970, 1, 1)
EPOCH = datetime.datetime(1970, 1, 1)
EPOCH_UTC = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def micros(dt):
    delta = dt - (EPOCH_UTC if dt.tzinfo is not None else EPOCH)
    return delta.days * 86_400_000_000 + delta.seconds * 1_000_000 + delta.microseconds


def canon(value, typ):
    if value is None:
        return None
    if pa.types.is_struct(typ):
        return [canon(value.get(typ.field(i).name), typ.field(i).type) for i in range(typ.num_fields)]
    if pa.types.is_map(typ):
        return [[canon(k, typ.key_type), canon(v, typ.item_type)] for k, v in value]
    if pa.types.is_list(typ) or pa.types.is_large_list(typ) or pa.types.is_fixed_size_list(typ):
        return [canon(v, typ.value_type) for v in value]
    if pa.types.is_decimal(typ):
        sign, digits, exponent = value.as_tuple()
        unscaled = int("".join(map(str, digits)) or "0")
        return f"{-unscaled if sign else unscaled}e{exponent}"
    if pa.types.is_timestamp(typ):
        if not isinstance(value, datetime.datetime):
            value = value.to_pydatetime()
        return micros(value)
    if pa.types.is_date(typ):
        return (value - EPOCH_DATE).days
    if pa.types.is_binary(typ) or pa.types.is_large_binary(typ) or pa.types.is_fixed_size_binary(typ):
        return "hex:" + bytes(value).hex()
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def canon_table(table):
    columns = [[canon(v, field.type) for v in table.column(i).to_pylist()] for i, field in enumerate(table.schema)]
    return [list(row) for row in zip(*columns)] if columns else []
