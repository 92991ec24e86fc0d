"""`outflow export run|list|runs|retry`: the happy path (full and incremental, local folder and Data Landing
Zone, flow reuse, summary and progress) and bad input (unknown dataset -> 4, bad compression -> 2 ...)."""
import json

import pytest

from export_checks import check_export, local_objects
from export_cli import DECIMALS, export_run, export_runs, ingest, make_dataset


def test_export_run_full_then_incremental_to_a_local_folder(outflow, tmp_path):
    dataset_id, expected = make_dataset(outflow, tmp_path, batches=(1_500,))
    folder = tmp_path / "out"
    args = ("--dataset", "events", "--to", folder, "--format", "parquet", "--compression", "zstd", "--incremental")
    proc, first = export_run(outflow, *args)
    assert first["status"] == "success" and first["attempts"] == 1
    assert first["rows"] == 1_500 and first["files"] == 1 and first["bytes"] > 0
    assert first["fromSequence"] == 1 and first["toSequence"] == 1
    [manifest] = first["manifests"]
    assert manifest.startswith(str(folder) + f"/{dataset_id}/exportTime=") and "/manifest-" in manifest
    assert json.loads(open(manifest).read())["runId"] == first["runId"]
    assert "export" in proc.stderr  # progress lines (stderr is not a terminal here)

    expected += ingest(outflow, tmp_path, "events", 1_500, 400)
    _, second = export_run(outflow, *args)
    assert second["flowId"] == first["flowId"], "the same command reuses its flow"
    assert second["rows"] == 400 and second["fromSequence"] == 2 and second["toSequence"] == 2
    objects, staging = local_objects(folder)
    assert not staging
    check_export(objects, dataset_id, expected, file_type="PARQUET", compression="ZSTD", incremental=True,
                 compare_rows=True, decimal_fields=DECIMALS)

    _, third = export_run(outflow, *args)
    assert third["rows"] == 0 and third["files"] == 0, "nothing new, nothing exported"

    [listed] = outflow.json("export", "list", "--json")
    assert listed["id"] == first["flowId"] and listed["lastRun"]["id"] == third["runId"]
    assert listed["exportMode"] == "FIRST_FULL_THEN_INCREMENTAL"
    runs = export_runs(outflow, first["flowId"])
    assert [r["run"]["id"] for r in runs] == [first["runId"], second["runId"], third["runId"]]
    assert [r["metrics"]["recordSummary"]["outputRecordCount"] for r in runs] == [1_500, 400, 0]
    text = outflow.run("export", "runs", first["flowId"]).stdout
    assert first["runId"] in text and "success" in text and "attempts=1" in text
    assert first["flowId"] in outflow.run("export", "list").stdout


def test_export_run_full_json_to_the_landing_zone_without_manifest(outflow, tmp_path):
    dataset_id, expected = make_dataset(outflow, tmp_path, batches=(300, 300))
    proc = outflow.run("export", "run", "--dataset", dataset_id, "--to", "dlz:exports/cli", "--format", "json",
                       "--compression", "gzip", "--no-manifest")
    assert "status: success" in proc.stdout and "rows: 600" in proc.stdout and "manifest:" not in proc.stdout
    root = outflow.data_dir / "landing-zone" / "dlz-destination"
    objects, _ = local_objects(root)
    check_export(objects, dataset_id, expected, prefix="exports/cli", file_type="JSON", compression="GZIP",
                 require_manifest=False, compare_rows=True, decimal_fields=DECIMALS)
    # A full export again delivers everything again, in its own run folder or beside it with new names.
    proc, summary = export_run(outflow, "--dataset", dataset_id, "--to", "dlz:exports/cli", "--format", "json",
                               "--compression", "gzip", "--no-manifest")
    assert summary["rows"] == 600


def test_max_file_size_rolls_files(outflow, tmp_path):
    dataset_id, expected = make_dataset(outflow, tmp_path, batches=(500, 500, 500))
    folder = tmp_path / "out"
    _, summary = export_run(outflow, "--dataset", "events", "--to", folder, "--format", "json", "--max-file-mib", "1",
                            env={"OUTFLOW_EXPORT_BYTES_PER_MIB": "4096"})
    assert summary["files"] == 3 and len(summary["filePaths"]) == 3
    objects, _ = local_objects(folder)
    check_export(objects, dataset_id, expected, file_type="JSON", compression="NONE")


def test_unknown_dataset_exits_4_with_a_clear_message(outflow, tmp_path):
    make_dataset(outflow, tmp_path, batches=(5,))
    proc, _ = export_run(outflow, "--dataset", "nope", "--to", tmp_path / "out", check=False)
    assert proc.returncode == 4
    assert "dataset 'nope' does not exist in sandbox 'prod'" in proc.stderr


@pytest.mark.parametrize("args,message", [
    (("--compression", "brotli"), "compression"),
    (("--format", "csv"), "format"),
    (("--format", "json", "--compression", "snappy"), "snappy"),
    (("--max-file-mib", "0"), "max-file-mib"),
    (("--to", "relative/folder"), "--to"),
])
def test_bad_options_exit_2(outflow, tmp_path, args, message):
    make_dataset(outflow, tmp_path, batches=(5,))
    base = {"--to": str(tmp_path / "out")}
    opts = list(args)
    if "--to" not in opts:
        opts += ["--to", base["--to"]]
    proc = outflow.run("export", "run", "--dataset", "events", *opts, check=False)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert not (tmp_path / "out").exists()


def test_runs_and_retry_of_unknown_ids_exit_4(outflow, tmp_path):
    proc = outflow.run("export", "runs", "no-such-flow", check=False)
    assert proc.returncode == 4 and "flow 'no-such-flow' does not exist" in proc.stderr
    proc = outflow.run("export", "retry", "no-such-run", check=False)
    assert proc.returncode == 4 and "run 'no-such-run' does not exist" in proc.stderr
    assert outflow.run("export", "list").stdout.strip() == "no flows"


def test_retry_of_a_successful_run_is_rejected(outflow, tmp_path):
    make_dataset(outflow, tmp_path, batches=(5,))
    _, summary = export_run(outflow, "--dataset", "events", "--to", tmp_path / "out")
    proc = outflow.run("export", "retry", summary["runId"], check=False)
    assert proc.returncode == 3 and "only failed runs are retried" in proc.stderr
