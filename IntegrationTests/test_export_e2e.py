"""Dataset export end to end through the Flow Service REST API only, as in AEP's tutorial "Export datasets by
using the Flow Service API": list exportable datasets, create the source, base and target connections and an
incremental hourly flow, run it ad hoc, ingest two more batches, run again; then check folders, file names,
manifests (sizes, SHA-256, row counts, batch ranges) and that the union of all exported records is exactly
the dataset (pyarrow and DuckDB), for JSON x {NONE, GZIP} and PARQUET x {NONE, GZIP, SNAPPY, ZSTD}, to a local
folder and to the Data Landing Zone."""
import hashlib
import random

import pytest

import flow_service as fs
from conftest import Outflow, start_server, stop_server
from export_checks import check_export, local_objects
from schemas import EVENTS_SCHEMA, event

FORMATS = [("JSON", "NONE"), ("JSON", "GZIP"), ("PARQUET", "NONE"), ("PARQUET", "GZIP"), ("PARQUET", "SNAPPY"),
           ("PARQUET", "ZSTD")]
FIRST_BATCH = 2_000
LATER_BATCH = 250


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    root = tmp_path_factory.mktemp("export-e2e")
    outflow = Outflow(root / "data")
    server = start_server(outflow)
    yield server, outflow, root
    stop_server(server)


def records(start, count, seed):
    rng = random.Random(seed)
    return [event(i, rng) for i in range(start, start + count)]


def export_and_check(server, outflow, root, file_type, compression, destination, tag=""):
    case = f"{file_type.lower()}-{compression.lower()}-{destination}{tag}"
    dataset_id = fs.create_dataset(server, f"events-{case}", EVENTS_SCHEMA)
    expected = records(0, FIRST_BATCH, seed=1)
    fs.ingest(server, dataset_id, expected)
    assert dataset_id in fs.exportable_dataset_ids(server)

    if destination == "local":
        folder = root / f"export-{case}"
        spec, params, prefix = fs.LOCAL_FOLDER_SPEC, {"path": str(folder)}, ""
        read_root = folder
    else:
        spec, params, prefix = fs.DLZ_SPEC, {"path": f"exports/{case}"}, f"exports/{case}"
        read_root = outflow.data_dir / "landing-zone" / "dlz-destination"
    params.update({"datasetFileType": file_type, "compression": compression, "includeManifest": True})
    ids = fs.create_export_flow(server, dataset_id, spec=spec, params=params, schedule=fs.hourly_incremental(),
                                name=case)

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

    objects, staging = local_objects(read_root)
    objects = {p: d for p, d in objects.items() if p.startswith(prefix)}
    assert not staging, f"temporary files left behind: {staging}"
    summary = check_export(objects, dataset_id, expected, prefix=prefix, file_type=file_type,
                           compression=compression, incremental=True, compare_rows=True,
                           decimal_fields=("revenue", "products.price"))
    assert summary.batch_ranges == [(1, 1), (2, 3)]
    # The run resources name the same files, sizes and checksums the manifests do.
    delivered = {f["path"]: f for run in (first, second) for out in run["outputs"] for f in out["files"]}
    assert sorted(delivered) == sorted(summary.part_files)
    for path, entry in delivered.items():
        data = objects[path]
        assert entry["size"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
    return objects, dataset_id, expected, prefix


@pytest.mark.parametrize("destination", ["local", "dlz"])
@pytest.mark.parametrize("file_type,compression", FORMATS)
def test_tutorial_flow_exports_exactly_the_dataset(live, file_type, compression, destination):
    server, outflow, root = live
    export_and_check(server, outflow, root, file_type, compression, destination)


def test_the_checks_catch_corruption_strays_and_duplicates(live):
    """The verification itself: a flipped byte, a stray file, an unlisted or duplicated part each fail it."""
    server, outflow, root = live
    objects, dataset_id, expected, prefix = export_and_check(server, outflow, root, "JSON", "GZIP", "local", tag="-tamper")
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
