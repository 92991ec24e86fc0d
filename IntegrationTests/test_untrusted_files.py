"""Hostile input files of under 64 KB are refused with a clear error, in a child process whose peak memory stays
under 256 MiB (issue 12 item 7). The files are crafted in `untrusted_files.py`; each runs through the real
ingestion path (`outflow ingest`) and, for Parquet, through `outflow parquet cat` as well."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import untrusted_files as crafted
from conftest import PEERS_ALLOW, outflow_bin

PEAK_RSS_LIMIT = 256 * 1024 * 1024
LAUNCHER = Path(__file__).parent / "peak_rss.py"
# A Record has a required string `_id`; every crafted file aims at it.
SCHEMA = {"title": "Records", "class": "Record", "fields": [{"name": "_id", "type": "string", "required": True}]}

# (file name, bytes builder, dataset schema, words the error must contain)
CASES = [
    ("page_size.parquet", crafted.parquet_page_claiming_254_mib, SCHEMA, "budget"),
    ("rle_run.parquet", crafted.parquet_rle_run_of_2_27_values, SCHEMA, "budget"),
    ("dictionary_gather.parquet", crafted.parquet_dictionary_gather_of_1_gib, SCHEMA, "budget"),
    ("one_long_line.json.zst", lambda: crafted.zstd_bomb(b"x"), SCHEMA, "longer than"),
    ("bomb.csv.zst", lambda: crafted.zstd_bomb(b"a"), SCHEMA, "decompresses to more than"),
]


def measure_peak(args, data_dir, timeout=120):
    """Runs `outflow args` through `peak_rss.py`, which reports the peak RSS of exactly that child (not of this
    pytest worker, which a direct child would inherit)."""
    env = dict(os.environ, OUTFLOW_DATA_DIR=str(data_dir))
    env.setdefault("OUTFLOW_OUTBOUND_ALLOW", PEERS_ALLOW)
    result = data_dir.parent / "child.json"
    with open(data_dir.parent / "child.out", "wb") as out, open(data_dir.parent / "child.err", "wb") as err:
        subprocess.run([sys.executable, str(LAUNCHER), str(result), str(timeout), outflow_bin(), *map(str, args)],
                       stdout=out, stderr=err, env=env, check=True, timeout=timeout + 60)
    measured = json.loads(result.read_text())
    stdout = (data_dir.parent / "child.out").read_text(errors="replace")
    stderr = (data_dir.parent / "child.err").read_text(errors="replace")
    return measured["exit"], stdout, stderr, measured["peakRSS"]


def create_dataset(outflow, tmp_path, name, schema):
    schema_file = tmp_path / f"{name}.schema.json"
    schema_file.write_text(json.dumps(schema))
    outflow.run("dataset", "create", "--name", name, "--schema", schema_file)


@pytest.mark.parametrize("name,build,schema,expected", CASES, ids=[c[0] for c in CASES])
def test_crafted_file_is_refused_by_ingestion_within_256_mib(outflow, tmp_path, name, build, schema, expected):
    create_dataset(outflow, tmp_path, "target", schema)
    path = tmp_path / name
    path.write_bytes(build())
    assert path.stat().st_size < crafted.MAX_FILE_BYTES
    code, stdout, stderr, peak = measure_peak(["ingest", "--dataset", "target", path], outflow.data_dir)
    assert peak < PEAK_RSS_LIMIT, f"peak RSS {peak / 2**20:.0f} MiB (exit {code})"
    assert code == 3, f"exit {code} (a negative code is a signal)\nstdout:\n{stdout}\nstderr:\n{stderr}"
    assert expected in stderr, stderr
    assert outflow.json("dataset", "show", "target")["rowCount"] == 0


@pytest.mark.parametrize("name,build", [(c[0], c[1]) for c in CASES if c[0].endswith(".parquet")],
                         ids=[c[0] for c in CASES if c[0].endswith(".parquet")])
def test_crafted_parquet_is_refused_by_parquet_cat_within_256_mib(outflow, tmp_path, name, build):
    path = tmp_path / name
    path.write_bytes(build())
    outflow.data_dir.mkdir(parents=True, exist_ok=True)
    code, stdout, stderr, peak = measure_peak(["parquet", "cat", path], outflow.data_dir)
    assert peak < PEAK_RSS_LIMIT, f"peak RSS {peak / 2**20:.0f} MiB (exit {code})"
    assert code == 3, f"exit {code}\nstderr:\n{stderr}"
    assert "PARQUET_LIMIT_EXCEEDED" in stderr, stderr
    assert stdout == ""
