"""Crafted hostile input files (each under 64 KB), built here byte by byte rather than committed.

Parquet files are assembled with a minimal Thrift compact encoder, so page headers and footers can claim what
no honest writer would: a page far larger than its bytes, an RLE run of 2^27 values, a dictionary entry gathered
2^15 times. Compressed NDJSON and CSV bombs are zstd frames of 64 MiB of one byte, repeated.
"""
import random
import struct

import pyarrow as pa

# Thrift compact protocol wire types.
I32, I64, BINARY, LIST, STRUCT = 5, 6, 8, 9, 12
# parquet.thrift enums.
BYTE_ARRAY = 6
UNCOMPRESSED, ZSTD = 0, 6
PLAIN, RLE, RLE_DICTIONARY = 0, 3, 8
DATA_PAGE, DICTIONARY_PAGE = 0, 2
REQUIRED = 0
UTF8 = 0  # ConvertedType

MAX_FILE_BYTES = 64 * 1024


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def zigzag(n: int) -> bytes:
    return varint((n << 1) ^ (n >> 63))


def struct_bytes(fields) -> bytes:
    """`fields`: (id, type, value) in increasing id order; value is int, bytes, a nested field list (STRUCT), or
    (element type, [values]) for a LIST."""
    out = bytearray()
    last = 0
    for fid, ftype, value in fields:
        delta = fid - last
        out.append((delta << 4) | ftype if 0 < delta <= 15 else ftype)
        if not 0 < delta <= 15:
            out += zigzag(fid)
        last = fid
        out += value_bytes(ftype, value)
    out.append(0)
    return bytes(out)


def value_bytes(ftype, value) -> bytes:
    if ftype in (I32, I64):
        return zigzag(value)
    if ftype == BINARY:
        return varint(len(value)) + value
    if ftype == STRUCT:
        return struct_bytes(value)
    if ftype == LIST:
        element_type, values = value
        head = bytes([(len(values) << 4) | element_type]) if len(values) < 15 else \
            bytes([0xF0 | element_type]) + varint(len(values))
        return head + b"".join(value_bytes(element_type, v) for v in values)
    raise ValueError(ftype)


def page_header(page_type, uncompressed, compressed, num_values, encoding) -> bytes:
    fields = [(1, I32, page_type), (2, I32, uncompressed), (3, I32, compressed)]
    if page_type == DICTIONARY_PAGE:
        fields.append((7, STRUCT, [(1, I32, num_values), (2, I32, PLAIN)]))
    else:
        fields.append((5, STRUCT, [(1, I32, num_values), (2, I32, encoding), (3, I32, RLE), (4, I32, RLE)]))
    return struct_bytes(fields)


def parquet_file(column: str, physical: int, codec: int, num_values: int, pages, dictionary_pages=0) -> bytes:
    """One required column, one row group; `pages` are (header, body) pairs, the first `dictionary_pages` of them
    dictionary pages."""
    body = bytearray(b"PAR1")
    start = len(body)
    data_offset = start
    for index, (header, payload) in enumerate(pages):
        if index == dictionary_pages:
            data_offset = len(body)
        body += header + payload
    chunk_size = len(body) - start
    meta = [(1, I32, physical), (2, LIST, (I32, [PLAIN, RLE_DICTIONARY])), (3, LIST, (BINARY, [column.encode()])),
            (4, I32, codec), (5, I64, num_values), (6, I64, chunk_size), (7, I64, chunk_size),
            (9, I64, data_offset)]
    if dictionary_pages:
        meta.append((11, I64, start))
    footer = struct_bytes([
        (1, I32, 1),
        (2, LIST, (STRUCT, [[(4, BINARY, b"schema"), (5, I32, 1)],
                            [(1, I32, physical), (3, I32, REQUIRED), (4, BINARY, column.encode())]
                            + ([(6, I32, UTF8)] if physical == BYTE_ARRAY else [])])),
        (3, I64, num_values),
        (4, LIST, (STRUCT, [[(1, LIST, (STRUCT, [[(2, I64, start), (3, STRUCT, meta)]])), (2, I64, chunk_size),
                             (3, I64, num_values)]])),
    ])
    body += footer + struct.pack("<I", len(footer)) + b"PAR1"
    assert len(body) < MAX_FILE_BYTES, len(body)
    return bytes(body)


def parquet_page_claiming_254_mib() -> bytes:
    """A zstd page of 65,000 random bytes whose header claims 4,096 times as much once decompressed (the most the
    reader tolerated before budgets: it allocated, zero-filled, then failed to decompress)."""
    payload = random.Random(7).randbytes(65_000)
    header = page_header(DATA_PAGE, 65_000 * 4096, len(payload), 1, PLAIN)
    return parquet_file("_id", BYTE_ARRAY, ZSTD, 1, [(header, payload)])


def parquet_rle_run_of_2_27_values() -> bytes:
    """A dictionary-encoded string column whose only data page is one RLE run header claiming 2^27 indices."""
    count = 1 << 27
    dictionary = struct.pack("<I", 1) + b"a"
    indices = bytes([0]) + varint(count << 1)  # bit width 0, one RLE run of 2^27 values
    return parquet_file("_id", BYTE_ARRAY, UNCOMPRESSED, count, [
        (page_header(DICTIONARY_PAGE, len(dictionary), len(dictionary), 1, PLAIN), dictionary),
        (page_header(DATA_PAGE, len(indices), len(indices), count, RLE_DICTIONARY), indices),
    ], dictionary_pages=1)


def parquet_dictionary_gather_of_1_gib() -> bytes:
    """A string column whose dictionary holds one 30,000-byte value and whose data page gathers it 2^15 times."""
    count = 1 << 15
    value = b"v" * 30_000
    dictionary = struct.pack("<I", len(value)) + value
    indices = bytes([0]) + varint(count << 1)
    return parquet_file("_id", BYTE_ARRAY, UNCOMPRESSED, count, [
        (page_header(DICTIONARY_PAGE, len(dictionary), len(dictionary), 1, PLAIN), dictionary),
        (page_header(DATA_PAGE, len(indices), len(indices), count, RLE_DICTIONARY), indices),
    ], dictionary_pages=1)


def zstd_bomb(byte: bytes, frames: int = 30) -> bytes:
    """`frames` zstd frames of 64 MiB of `byte` each (~2 KB per frame): about 1.9 GiB from under 64 KB."""
    frame = pa.compress(byte * (64 << 20), codec="zstd", asbytes=True)
    bomb = frame * frames
    assert len(bomb) < MAX_FILE_BYTES, len(bomb)
    return bomb
