"""Dataset export end to end through the Flow Service REST API only, as in AEP's tutorial "Export datasets by
using the Flow Service API", against every destination (`destinations.py`): list exportable datasets, create the
source, base and target connections and an incremental flow, test the connection, run the flow ad hoc, ingest two
more batches, run again; then read back what landed with an independent client (boto3, google-cloud-storage, the
Azure SDKs, paramiko, the file system) and check folders, file names, manifests (sizes, SHA-256, row counts,
batch ranges), that the run resources name the same files, that the union of all exported records is exactly the
dataset (pyarrow and DuckDB), and that nothing staged, temporary or uncommitted is left.

Formats: the full matrix (JSON x {NONE, GZIP}, PARQUET x {NONE, GZIP, SNAPPY, ZSTD}) on the local folder and the
Data Landing Zone; PARQUET/ZSTD and JSON/GZIP on every networked destination (the encoders do not depend on the
destination, so that keeps CI fast)."""
import hashlib
import json
import random

import pytest

import flow_service as fs
from conftest import Outflow, start_server, stop_server
from destinations import NETWORKED, create_flow, make_adapter
from export_checks import check_export
from schemas import EVENTS_SCHEMA, event

FORMATS = [("JSON", "NONE"), ("JSON", "GZIP"), ("PARQUET", "NONE"), ("PARQUET", "GZIP"), ("PARQUET", "SNAPPY"),
           ("PARQUET", "ZSTD")]
NETWORK_FORMATS = [("PARQUET", "ZSTD"), ("JSON", "GZIP")]
CASES = ([(d, t, c) for d in ("local", "dlz") for t, c in FORMATS]
         + [(d, t, c) for d in NETWORKED for t, c in NETWORK_FORMATS])
FIRST_BATCH = 2_000
LATER_BATCH = 250


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    root = tmp_path_factory.mktemp("export-e2e")
    outflow = Outflow(root / "data")
    server = start_server(outflow)
    yield server, outflow, root
    stop_server(server)
    log = server.log_path.read_text()
    for secret in SECRETS:
        assert secret not in log, "a destination credential reached the server log"


SECRETS: set = set()


def records(start, count, seed):
    rng = random.Random(seed)
    return [event(i, rng) for i in range(start, start + count)]


def connection_test(server, base_id, params):
    r = server.post(f"{fs.BASE}/connections/{base_id}/test", json={"params": params}, headers=fs.HEADERS)
    assert r.status_code == 200, r.text
    return r.json()


def export_and_check(server, adapter, file_type, compression, tag=""):
    case = f"{file_type.lower()}-{compression.lower()}-{adapter.name}{tag}"
    dataset_id = fs.create_dataset(server, f"events-{case}", EVENTS_SCHEMA)
    expected = records(0, FIRST_BATCH, seed=1)
    fs.ingest(server, dataset_id, expected)
    assert dataset_id in fs.exportable_dataset_ids(server)

    target = adapter.target(case)
    SECRETS.update(target.secrets)
    ids = create_flow(server, dataset_id, target, file_type, compression, name=case)
    if adapter.upstream_port is not None:
        report = connection_test(server, ids["base"], target.params)
        assert report.get("failedStep") is None and report["passed"][-3:] == ["write", "list", "delete"], report
        probes = adapter.leftovers(".outflow-probe") + adapter.leftovers(target.prefix)
        assert not probes, f"the connection test left its probe behind: {probes}"

    first = fs.wait_run(server, fs.start_run(server, ids["flow"]))
    assert first["status"] == "success", first
    assert first["metrics"]["recordSummary"]["outputRecordCount"] == FIRST_BATCH
    for n in (1, 2):
        more = records(FIRST_BATCH + (n - 1) * LATER_BATCH, LATER_BATCH, seed=10 + n)
        fs.ingest(server, dataset_id, more, name=f"more{n}.json")
        expected += more
    second = fs.wait_run(server, fs.start_run(server, ids["flow"]))
    assert second["status"] == "success", second
    assert second["metrics"]["recordSummary"]["outputRecordCount"] == 2 * LATER_BATCH

    history = fs.runs_of(server, ids["flow"])
    assert sorted(r["id"] for r in history) == sorted([first["id"], second["id"]])
    assert all(r["status"] == "success" and r["attempts"] == 1 for r in history)

    objects = adapter.read_objects(target.prefix)
    assert not adapter.leftovers(target.prefix), f"left behind: {adapter.leftovers(target.prefix)}"
    summary = check_export(objects, dataset_id, expected, prefix=target.prefix, file_type=file_type,
                           compression=compression, incremental=True, compare_rows=True,
                           decimal_fields=("revenue", "products.price"))
    assert summary.batch_ranges == [(1, 1), (2, 3)]
    # The run resources name the same files, sizes and checksums the manifests do.
    delivered = {target.output_path(f["path"]): f for run in (first, second) for out in run["outputs"] for f in out["files"]}
    assert sorted(delivered) == sorted(summary.part_files)
    for path, entry in delivered.items():
        data = objects[path]
        assert entry["size"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
    shown = json.dumps(history) + server.get(f"{fs.BASE}/connections/{ids['base']}", headers=fs.HEADERS).text
    for secret in target.secrets:
        assert secret not in shown, "a credential shows in the API"
    return objects, dataset_id, expected, target.prefix


@pytest.mark.parametrize("destination,file_type,compression", CASES)
def test_tutorial_flow_exports_exactly_the_dataset(request, live, destination, file_type, compression):
    server, outflow, root = live
    adapter = make_adapter(request, destination, root / "local", outflow.data_dir)
    export_and_check(server, adapter, file_type, compression)


def test_the_checks_catch_corruption_strays_and_duplicates(request, live):
    """The verification itself: a flipped byte, a stray file, an unlisted or duplicated part each fail it."""
    server, outflow, root = live
    adapter = make_adapter(request, "local", root / "local", outflow.data_dir)
    objects, dataset_id, expected, prefix = export_and_check(server, adapter, "JSON", "GZIP", tag="-tamper")
    part = next(p for p in sorted(objects) if "/part-" in p)
    manifest = next(p for p in sorted(objects) if "/manifest-" in p)
    folder = part.rsplit("/", 1)[0]

    def fails(mutated, match):
        with pytest.raises(AssertionError, match=match):
            check_export(mutated, dataset_id, expected, prefix=prefix, incremental=True)

    flipped = dict(objects)
    flipped[part] = objects[part][:-1] + bytes([objects[part][-1] ^ 1])
    fails(flipped, "SHA-256|size|gzip|CRC|Error")
    fails({**objects, f"{folder}/notes.txt": b"hi"}, "stray object")
    copy_name = f"{folder}/part-00099-00000000-0000-0000-0000-000000000000.json.gz"
    fails({**objects, copy_name: objects[part]}, "no manifest lists")
    fails({k: v for k, v in objects.items() if k != manifest}, "no manifest|not delivered|ranges|missing")
    fails(objects | {part.replace("exportTime=", "exportTime=1"): objects[part]}, "bad export folder")
    check_export(objects, dataset_id, expected, prefix=prefix, incremental=True)
