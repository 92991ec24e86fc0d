"""kill -9 during ingestion: after a restart only committed batches are visible and no stray files remain."""
import json
import random
import signal
import threading

from conftest import wait_until
from schemas import EVENTS_SCHEMA, event, write_ndjson


def setup_dataset(outflow, tmp_path, rows=200):
    schema_file = tmp_path / "events.schema.json"
    schema_file.write_text(json.dumps(EVENTS_SCHEMA))
    outflow.run("dataset", "create", "--name", "events", "--schema", schema_file)
    rng = random.Random(9)
    first = tmp_path / "first.ndjson"
    write_ndjson(first, [event(i, rng) for i in range(rows)])
    batch = outflow.json("ingest", "--dataset", "events", "--json", first)
    return batch


def lake_entries(outflow):
    lake = outflow.data_dir / "lake"
    return sorted(str(p.relative_to(lake)) for p in lake.rglob("*"))


def assert_only_first_batch(outflow, first):
    ds = outflow.json("dataset", "show", "events")  # opening the lake runs recovery
    assert ds["rowCount"] == first["rowCount"]
    assert ds["batchCount"] == 1
    dirs = [e for e in lake_entries(outflow) if "batch=" in e.split("/")[-1]]
    assert len(dirs) == 1 and dirs[0].endswith(f"batch={first['id']}"), lake_entries(outflow)
    assert not any(".tmp" in e for e in lake_entries(outflow))


def test_kill_before_catalog_commit_leaves_no_trace(outflow, tmp_path):
    first = setup_dataset(outflow, tmp_path)
    second = tmp_path / "second.ndjson"
    rng = random.Random(10)
    write_ndjson(second, [event(1000 + i, rng) for i in range(500)])
    proc = outflow.spawn("ingest", "--dataset", "events", second, env={"OUTFLOW_FAULT": "beforeCatalogCommit"})
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(iter(proc.stderr.readline, "")), daemon=True)
    reader.start()
    assert wait_until(lambda: any("FAULT beforeCatalogCommit" in l for l in lines), timeout=120), lines
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert_only_first_batch(outflow, first)


def test_kill_at_random_moments_mid_batch(outflow, tmp_path):
    first = setup_dataset(outflow, tmp_path)
    big = tmp_path / "big.ndjson"
    rng = random.Random(11)
    write_ndjson(big, [event(5000 + i, rng) for i in range(60000)])
    for delay in (0.05, 0.3, 0.8):
        proc = outflow.spawn("ingest", "--dataset", "events", big)
        try:
            proc.wait(timeout=delay)
        except Exception:
            pass
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            assert_only_first_batch(outflow, first)
        else:
            # finished before the kill: the batch is whole, then remove nothing; stop probing
            ds = outflow.json("dataset", "show", "events")
            assert ds["rowCount"] == first["rowCount"] + 60000
            return
