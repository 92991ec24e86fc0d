"""Reusable verification of delivered exports, for every destination.

Give `check_export` a mapping of delivered object path -> bytes (read back from the destination by an
independent client: the file system, boto3, google-cloud-storage, paramiko, the Azure SDK ...), the dataset id
and the dataset's records. It checks, with pyarrow and DuckDB as independent readers:

- layout: every object is `<prefix><datasetId>/exportTime=YYYYMMDDHHMM/` + `part-NNNNN-<uuid>.<ext>` or
  `manifest-<destinationId>-<runId>.json`; nothing else (no stray file);
- file names match the format (`.json`, `.json.gz`, `.parquet`, `.gz.parquet`, `.snappy.parquet`,
  `.zstd.parquet` ...); part numbers of one run are 0..n-1;
- manifests: each lists files of its folder with the right size, SHA-256 (recomputed), row count, dataset id,
  export time, format; together they list every part file of the folder (no unlisted file);
- batch ranges (incremental flows): the manifests' ranges tile 1..N without overlap or gap;
- records: the union of all exported records equals the dataset's records, compared by key (`_id`) and,
  when `compare_rows` is set, by their normalised content; no duplicates.

`local_objects(root)` reads a local folder into that mapping (hidden staging files are returned apart).
"""
from __future__ import annotations

import datetime as _dt
import decimal
import gzip
import hashlib
import io
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

EXTENSIONS = {
    ("JSON", "NONE"): "json",
    ("JSON", "GZIP"): "json.gz",
    ("JSON", "ZSTD"): "json.zst",
    ("PARQUET", "NONE"): "parquet",
    ("PARQUET", "GZIP"): "gz.parquet",
    ("PARQUET", "SNAPPY"): "snappy.parquet",
    ("PARQUET", "ZSTD"): "zstd.parquet",
}
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
PART_RE = re.compile(r"^part-(?P<index>\d{5})-(?P<uuid>" + UUID + r")\.(?P<ext>json|json\.gz|json\.zst|parquet"
                     r"|gz\.parquet|snappy\.parquet|zstd\.parquet)$")
MANIFEST_RE = re.compile(r"^manifest-(?P<destination>.+)-(?P<run>" + UUID + r")\.json$")
EXPORT_TIME_RE = re.compile(r"^exportTime=(?P<time>\d{12})$")
STAGING_MARKER = ".outflow-tmp-"


@dataclass
class ExportSummary:
    """What `check_export` found (for further assertions by the caller)."""
    folders: list[str] = field(default_factory=list)
    manifests: dict[str, dict] = field(default_factory=dict)   # path -> parsed manifest
    part_files: list[str] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    batch_ranges: list[tuple[int, int]] = field(default_factory=list)  # sorted

    @property
    def row_count(self) -> int:
        return len(self.records)


def local_objects(root) -> tuple[dict[str, bytes], list[str]]:
    """Every regular file under `root` as (visible objects path -> bytes, hidden staging file paths)."""
    root = Path(root)
    objects, staging = {}, []
    if not root.exists():
        return objects, staging
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if path.name.startswith(".") and STAGING_MARKER in path.name:
            staging.append(rel)
        else:
            objects[rel] = path.read_bytes()
    return objects, staging


def file_format(name: str) -> tuple[str, str]:
    """(datasetFileType, compression) of a part file name."""
    match = PART_RE.match(name)
    assert match, f"not a part file name: {name}"
    ext = match.group("ext")
    for key, value in EXTENSIONS.items():
        if value == ext:
            return key
    raise AssertionError(f"unknown extension {ext}")


def decode_file(name: str, data: bytes) -> list[dict]:
    """Records of one part file, read with pyarrow (Parquet) or the json module (NDJSON, gzip)."""
    file_type, compression = file_format(name)
    if file_type == "PARQUET":
        return pq.read_table(io.BytesIO(data)).to_pylist()
    if compression == "GZIP":
        assert data[:2] == b"\x1f\x8b", f"{name} is not gzip"
        data = gzip.decompress(data)
    elif compression == "ZSTD":
        import zstandard  # optional: only for .json.zst
        data = zstandard.ZstdDecompressor().decompressobj().decompress(data)
    text = data.decode("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def duckdb_keys(name: str, data: bytes, key: str = "_id") -> list:
    """The `key` column of one part file as DuckDB reads it (an independent reader)."""
    file_type, _ = file_format(name)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        con = duckdb.connect()
        try:
            if file_type == "PARQUET":
                rows = con.execute(f"SELECT \"{key}\" FROM read_parquet(?)", [str(path)]).fetchall()
            else:
                rows = con.execute(
                    f"SELECT \"{key}\" FROM read_json_auto(?, format='newline_delimited')", [str(path)]).fetchall()
        finally:
            con.close()
    return [r[0] for r in rows]


def normalize(value):
    """A comparable form of a value read from JSON or Parquet: timestamps as UTC ISO strings with a `Z`,
    decimals as plain strings without trailing zeros, dicts/lists recursively, missing == None."""
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in sorted(value.items()) if v is not None}
    if isinstance(value, (list, tuple)):
        return [normalize(v) for v in value]
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds") + "Z"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, str):
        ts = _parse_timestamp(value)
        if ts is not None:
            return normalize(ts)
    return value


def _parse_timestamp(text: str):
    if len(text) < 20 or text[4] != "-" or text[10] != "T":
        return None
    try:
        return _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _normalize_decimal_strings(record: dict, decimal_fields) -> dict:
    out = dict(record)
    for path in decimal_fields:
        _apply(out, path.split("."), lambda v: format(decimal.Decimal(str(v)).normalize(), "f"))
    return out


def _apply(node, parts, fn):
    if node is None:
        return
    if isinstance(node, list):
        for item in node:
            _apply(item, parts, fn)
        return
    head, rest = parts[0], parts[1:]
    if head not in node or node[head] is None:
        return
    if rest:
        _apply(node[head], rest, fn)
    else:
        node[head] = fn(node[head])


def check_export(objects: dict[str, bytes], dataset_id: str, expected: list[dict], *, prefix: str = "",
                 file_type: str | None = None, compression: str | None = None, key: str = "_id",
                 incremental: bool = False, compare_rows: bool = False, decimal_fields=(),
                 use_duckdb: bool = True, require_manifest: bool = True) -> ExportSummary:
    """Checks delivered objects against the dataset's records; raises AssertionError naming the problem.

    - `objects`: path -> bytes of every visible object (paths relative to the destination root).
    - `prefix`: the folder exports go under (e.g. the target's `path` in a bucket), '' for the root.
    - `file_type`/`compression`: AEP values (JSON|PARQUET, NONE|GZIP|SNAPPY|ZSTD) every file must have.
    - `incremental`: manifests' batch ranges must tile 1..N without overlap or gap.
    - `compare_rows`: compare normalised records, not only keys (`decimal_fields`: dotted paths whose
      values are decimals written as numbers or strings).
    """
    summary = ExportSummary()
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    folders: dict[str, dict[str, bytes]] = {}
    for path, data in objects.items():
        assert path.startswith(prefix), f"object outside the export prefix {prefix!r}: {path}"
        parts = path[len(prefix):].split("/")
        assert len(parts) == 3, f"unexpected object path (want <datasetId>/exportTime=.../<file>): {path}"
        assert parts[0] == dataset_id, f"object outside the dataset folder {dataset_id}: {path}"
        assert EXPORT_TIME_RE.match(parts[1]), f"bad export folder name {parts[1]!r} in {path}"
        name = parts[2]
        assert PART_RE.match(name) or MANIFEST_RE.match(name), f"stray object (not a part or manifest): {path}"
        folders.setdefault(prefix + parts[0] + "/" + parts[1], {})[name] = data
    summary.folders = sorted(folders)
    keys_seen: dict = {}
    for folder, files in sorted(folders.items()):
        export_time = EXPORT_TIME_RE.match(folder.rsplit("/", 1)[1]).group("time")
        parts = {n: d for n, d in files.items() if PART_RE.match(n)}
        manifests = {n: d for n, d in files.items() if MANIFEST_RE.match(n)}
        if require_manifest:
            assert manifests, f"folder {folder} has no manifest"
        listed: set[str] = set()
        decoded: dict[str, list[dict]] = {}
        for mname, mdata in sorted(manifests.items()):
            manifest = json.loads(mdata)
            summary.manifests[folder + "/" + mname] = manifest
            match = MANIFEST_RE.match(mname)
            assert manifest["runId"] == match.group("run"), f"{mname}: runId {manifest['runId']}"
            assert manifest["destinationId"] == match.group("destination"), f"{mname}: destinationId"
            assert manifest["datasetId"] == dataset_id, f"{mname}: datasetId {manifest['datasetId']}"
            assert manifest["exportTime"] == export_time, f"{mname}: exportTime {manifest['exportTime']}"
            assert manifest.get("schema") and manifest.get("schemaHash"), f"{mname}: schema and schemaHash"
            if file_type:
                assert manifest["datasetFileType"] == file_type, f"{mname}: {manifest['datasetFileType']}"
            if compression:
                assert manifest["compression"] == compression, f"{mname}: {manifest['compression']}"
            batch_range = manifest["batchRange"]
            if manifest["files"] or batch_range["toSequence"]:
                summary.batch_ranges.append((batch_range["fromSequence"], batch_range["toSequence"]))
            indices = []
            for entry in manifest["files"]:
                name = entry["name"]
                assert name not in listed, f"{folder}/{name} listed twice"
                listed.add(name)
                assert name in parts, f"{mname} lists {name}, which is not delivered"
                data = parts[name]
                assert entry["size"] == len(data), f"{name}: manifest size {entry['size']} != {len(data)}"
                assert entry["sha256"] == hashlib.sha256(data).hexdigest(), f"{name}: SHA-256 mismatch"
                records = decode_file(name, data)
                decoded[name] = records
                assert entry["rowCount"] == len(records), f"{name}: rowCount {entry['rowCount']} != {len(records)}"
                m = PART_RE.match(name)
                indices.append(int(m.group("index")))
                ext = EXTENSIONS[(manifest["datasetFileType"], manifest["compression"])]
                assert m.group("ext") == ext, f"{name}: extension does not match {ext}"
            assert sorted(indices) == list(range(len(indices))), f"{mname}: part numbers {sorted(indices)}"
        unlisted = sorted(set(parts) - listed)
        if require_manifest:
            assert not unlisted, f"{folder}: part files no manifest lists: {unlisted}"
        for name in unlisted:
            decoded[name] = decode_file(name, parts[name])
        for name, records in sorted(decoded.items()):
            ft, comp = file_format(name)
            if file_type:
                assert ft == file_type, f"{name}: not {file_type}"
            if compression:
                assert comp == compression, f"{name}: not {compression}"
            if use_duckdb:
                ids = duckdb_keys(name, parts[name], key)
                assert sorted(ids) == sorted(r[key] for r in records), f"{name}: DuckDB reads other {key}s"
            for record in records:
                k = record[key]
                assert k not in keys_seen, f"duplicate {key} {k!r}: in {keys_seen[k]} and {folder}/{name}"
                keys_seen[k] = f"{folder}/{name}"
                summary.records.append(record)
            summary.part_files.append(folder + "/" + name)
    expected_keys = [r[key] for r in expected]
    assert len(set(expected_keys)) == len(expected_keys), "the expected records repeat keys"
    missing = set(expected_keys) - set(keys_seen)
    extra = set(keys_seen) - set(expected_keys)
    assert not missing and not extra, (f"exported {key}s differ: {len(missing)} missing (e.g. {sorted(missing)[:3]}), "
                                       f"{len(extra)} unexpected (e.g. {sorted(extra)[:3]})")
    if compare_rows:
        by_key = {r[key]: r for r in summary.records}
        for want in expected:
            got = by_key[want[key]]
            a = normalize(_normalize_decimal_strings(got, decimal_fields))
            b = normalize(_normalize_decimal_strings(want, decimal_fields))
            assert a == b, f"record {want[key]!r} differs:\n exported {a}\n expected {b}"
    summary.batch_ranges.sort()
    if incremental:
        ranges = summary.batch_ranges
        expect_from = 1
        for lo, hi in ranges:
            assert lo == expect_from, f"batch ranges {ranges}: gap or overlap at {lo} (want {expect_from})"
            assert hi >= lo, f"batch range {lo}..{hi} is empty"
            expect_from = hi + 1
    return summary
