"""`outflow parquet inspect|cat|rewrite` against files pyarrow writes and reads."""
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest


def sample_table():
    return pa.table({
        "id": pa.array(range(1000), pa.int64()),
        "name": pa.array([None if i % 9 == 0 else f"n{i % 37}" for i in range(1000)], pa.string()),
        "items": pa.array([[{"sku": f"s{j}", "qty": j} for j in range(i % 3)] for i in range(1000)],
                          pa.list_(pa.struct([("sku", pa.string()), ("qty", pa.int32())]))),
        "attrs": pa.array([[("k", str(i))] for i in range(1000)], pa.map_(pa.string(), pa.string())),
    })


@pytest.mark.parametrize("codec", ["none", "snappy", "gzip", "zstd"])
@pytest.mark.parametrize("dictionary", ["on", "off"])
def test_rewrite_keeps_every_value(outflow, tmp_path, codec, dictionary):
    source = tmp_path / "in.parquet"
    pq.write_table(sample_table(), source)
    target = tmp_path / "out.parquet"
    outflow.run("parquet", "rewrite", source, target, "--codec", codec, "--dictionary", dictionary,
                "--row-group-mib", 1)
    assert pq.read_table(target).equals(pq.read_table(source))
    meta = pq.ParquetFile(target).metadata
    expected = "UNCOMPRESSED" if codec == "none" else codec.upper()
    assert meta.row_group(0).column(0).compression == expected


def test_inspect_and_cat(outflow, tmp_path):
    source = tmp_path / "in.parquet"
    pq.write_table(sample_table(), source, compression="zstd")
    described = outflow.run("parquet", "inspect", source).stdout
    assert "ZSTD" in described and "items" in described
    rows = [json.loads(line) for line in outflow.run("parquet", "cat", source).stdout.splitlines()]
    assert len(rows) == 1000
    assert rows[2] == {"id": 2, "name": "n2", "items": [{"sku": "s0", "qty": 0}, {"sku": "s1", "qty": 1}],
                       "attrs": {"k": "2"}}


def test_rewrite_of_a_broken_file_fails_cleanly(outflow, tmp_path):
    source = tmp_path / "in.parquet"
    pq.write_table(sample_table(), source)
    source.write_bytes(source.read_bytes()[:-20])
    target = tmp_path / "out.parquet"
    proc = outflow.run("parquet", "rewrite", source, target, check=False)
    assert proc.returncode == 3
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [source]
