"""Exactly-once delivery under faults: the export process is SIGKILLed mid-file and mid-manifest (CLI and
`outflow serve`), and the destination fails every second write. After restart and retry the delivered data is
exactly the dataset (no duplicate, no gap, no partial or stray file) and the hidden staging files the killed
attempt left are gone; the run history says what happened. A CLI export of a flow the server is exporting is
refused with the server's pid and nothing is delivered twice."""
import random
import signal
import time

import pytest

import flow_service as fs
from conftest import Outflow, start_server, stop_server
from export_checks import check_export, local_objects
from export_cli import DECIMALS, export_run, export_runs, ingest, make_dataset
from schemas import event

# 4 KiB per "MiB": with --max-file-mib 1 every lake batch (row group) becomes its own part file.
SMALL_FILES = {"OUTFLOW_EXPORT_BYTES_PER_MIB": "4096"}
ARGS = ("--format", "json", "--compression", "gzip", "--max-file-mib", "1", "--incremental")


def assert_exact(folder, dataset_id, expected, **kw):
    """The folder holds exactly `expected`, and no staging file is left (a retry sweeps what a kill left)."""
    objects, staging = local_objects(folder)
    summary = check_export(objects, dataset_id, expected, file_type="JSON", compression="GZIP",
                           compare_rows=True, decimal_fields=DECIMALS, **kw)
    assert not staging, f"staging files left behind: {staging}"
    return summary, staging


@pytest.mark.parametrize("fault,at", [("kill-mid-file", "1"), ("kill-mid-file", "3"), ("kill-mid-manifest", None)])
def test_cli_export_killed_then_rerun_delivers_exactly_once(outflow, tmp_path, fault, at):
    dataset_id, expected = make_dataset(outflow, tmp_path)
    folder = tmp_path / "out"
    env = dict(SMALL_FILES, OUTFLOW_EXPORT_FAULT=fault)
    if at:
        env["OUTFLOW_EXPORT_FAULT_AT"] = at
    proc, _ = export_run(outflow, "--dataset", "events", "--to", folder, *ARGS, env=env, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr

    objects, staging = local_objects(folder)
    assert staging, "the killed upload left no staged bytes"
    assert not [p for p in objects if "/manifest-" in p], "a manifest appeared although the run was killed"
    committed = [p for p in objects if "/part-" in p]
    assert len(committed) == (int(at) - 1 if fault == "kill-mid-file" else 4)
    flow_id = outflow.json("export", "list", "--json")[0]["id"]
    [killed] = export_runs(outflow, flow_id)
    assert killed["run"]["status"] == "running" and killed["run"]["attempts"] == 1

    proc, summary = export_run(outflow, "--dataset", "events", "--to", folder, *ARGS, env=SMALL_FILES)
    assert f"retrying run {killed['run']['id']}" in proc.stderr
    assert summary["status"] == "success" and summary["runId"] == killed["run"]["id"]
    assert summary["attempts"] == 2 and summary["rows"] == len(expected) and summary["files"] == 4
    result, _ = assert_exact(folder, dataset_id, expected, incremental=True)
    assert result.batch_ranges == [(1, 4)]
    [run] = export_runs(outflow, flow_id)
    assert run["run"]["status"] == "success" and run["run"]["attempts"] == 2 and not run["run"]["errors"]
    [interrupted] = run["run"]["history"]
    assert interrupted["attempt"] == 1 and interrupted["errors"][0]["message"].startswith("interrupted")
    assert "attempt 1 failed: interrupted" in outflow.run("export", "runs", flow_id).stdout

    # The watermark moved only with the successful attempt: the next run exports just the new batch.
    expected += ingest(outflow, tmp_path, "events", len(expected), 300)
    _, summary = export_run(outflow, "--dataset", "events", "--to", folder, *ARGS, env=SMALL_FILES)
    assert summary["rows"] == 300 and summary["fromSequence"] == 5 and summary["toSequence"] == 5
    result, _ = assert_exact(folder, dataset_id, expected, incremental=True)
    assert result.batch_ranges == [(1, 4), (5, 5)]
    assert [r["run"]["status"] for r in export_runs(outflow, flow_id)] == ["success", "success"]


def test_cli_export_survives_every_second_write_failing(outflow, tmp_path):
    dataset_id, expected = make_dataset(outflow, tmp_path)
    folder = tmp_path / "out"
    env = dict(SMALL_FILES, OUTFLOW_EXPORT_FAULT="fail-every-2nd-write")
    proc, summary = export_run(outflow, "--dataset", "events", "--to", folder, *ARGS, env=env)
    assert summary["status"] == "success" and summary["attempts"] == 1 and summary["files"] == 4
    assert proc.stderr.count("injected fault on commit") >= 2, proc.stderr
    _, staging = assert_exact(folder, dataset_id, expected, incremental=True)
    assert not staging, "failed commits must drop their staged files"


def test_cli_refuses_an_unknown_fault_name(outflow, tmp_path):
    make_dataset(outflow, tmp_path, batches=(10,))
    proc, _ = export_run(outflow, "--dataset", "events", "--to", tmp_path / "out", env={"OUTFLOW_EXPORT_FAULT": "nope"},
                         check=False)
    assert proc.returncode == 2 and "OUTFLOW_EXPORT_FAULT" in proc.stderr


def rest_flow(server, dataset_id, folder):
    params = {"path": str(folder), "datasetFileType": "JSON", "compression": "GZIP", "maxFileSizeMiB": 1}
    return fs.create_export_flow(server, dataset_id, spec=fs.LOCAL_FOLDER_SPEC, params=params,
                                 schedule=fs.hourly_incremental(), name="faulty")["flow"]


@pytest.mark.parametrize("fault,at", [("kill-mid-file", "2"), ("kill-mid-manifest", None)])
def test_server_killed_during_an_ad_hoc_run_recovers_exactly_once(tmp_path, fault, at):
    outflow = Outflow(tmp_path / "data")
    dataset_id, expected = make_dataset(outflow, tmp_path)
    folder = tmp_path / "out"
    env = dict(SMALL_FILES, OUTFLOW_EXPORT_FAULT=fault)
    if at:
        env["OUTFLOW_EXPORT_FAULT_AT"] = at
    server = start_server(outflow, env=env)
    try:
        flow_id = rest_flow(server, dataset_id, folder)
        run_id = fs.start_run(server, flow_id)
        assert server.proc.wait(timeout=120) == -signal.SIGKILL
    finally:
        if server.proc.poll() is None:
            stop_server(server)
    objects, staging = local_objects(folder)
    assert staging and not [p for p in objects if "/manifest-" in p]

    server = start_server(outflow, env=SMALL_FILES)
    try:
        # At start-up the server marks the run interrupted and re-queues it under the same id (same names).
        run = fs.wait_run(server, run_id)
        assert run["status"] == "success" and run["attempts"] == 2, run
        [interrupted] = run["history"]
        assert interrupted["errors"][0]["message"].startswith("interrupted"), run
        assert run["metrics"]["recordSummary"]["outputRecordCount"] == len(expected)
        assert [r["id"] for r in fs.runs_of(server, flow_id)] == [run_id]
        assert_exact(folder, dataset_id, expected, incremental=True)

        # Next run: only what arrived since, nothing twice.
        rng = random.Random(99)
        more = [event(i, rng) for i in range(len(expected), len(expected) + 200)]
        fs.ingest(server, dataset_id, more)
        expected += more
        second = fs.wait_run(server, fs.start_run(server, flow_id))
        assert second["status"] == "success" and second["metrics"]["recordSummary"]["outputRecordCount"] == 200
        summary, _ = assert_exact(folder, dataset_id, expected, incremental=True)
        assert summary.batch_ranges == [(1, 4), (5, 5)]
    finally:
        stop_server(server)


def test_server_with_every_second_write_failing_still_delivers_exactly(tmp_path):
    outflow = Outflow(tmp_path / "data")
    dataset_id, expected = make_dataset(outflow, tmp_path)
    folder = tmp_path / "out"
    server = start_server(outflow, env=dict(SMALL_FILES, OUTFLOW_EXPORT_FAULT="fail-every-2nd-write"))
    try:
        flow_id = rest_flow(server, dataset_id, folder)
        run = fs.wait_run(server, fs.start_run(server, flow_id))
        assert run["status"] == "success", run
        assert run["metrics"]["fileSummary"]["outputFileCount"] == 4
        _, staging = assert_exact(folder, dataset_id, expected, incremental=True)
        assert not staging
    finally:
        stop_server(server)


def test_cli_retry_command_resumes_a_killed_run(outflow, tmp_path):
    dataset_id, expected = make_dataset(outflow, tmp_path)
    folder = tmp_path / "out"
    env = dict(SMALL_FILES, OUTFLOW_EXPORT_FAULT="kill-mid-file", OUTFLOW_EXPORT_FAULT_AT="2")
    proc, _ = export_run(outflow, "--dataset", "events", "--to", folder, *ARGS, env=env, check=False)
    assert proc.returncode == -signal.SIGKILL
    flow_id = outflow.json("export", "list", "--json")[0]["id"]
    [killed] = export_runs(outflow, flow_id)
    retried = outflow.json("export", "retry", killed["run"]["id"], "--json", env=SMALL_FILES)
    assert retried["status"] == "success" and retried["attempts"] == 2 and retried["runId"] == killed["run"]["id"]
    assert retried["history"][0]["errors"][0]["message"].startswith("interrupted")
    assert_exact(folder, dataset_id, expected, incremental=True)


def wait_for(condition, what, timeout=60.0):
    """Polls `condition` until it is true (a deadline, not a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_cli_export_of_a_flow_the_server_is_exporting_is_refused_with_its_pid(tmp_path):
    outflow = Outflow(tmp_path / "data")
    dataset_id, expected = make_dataset(outflow, tmp_path)
    folder = tmp_path / "out"
    export_run(outflow, "--dataset", "events", "--to", folder, *ARGS, env=SMALL_FILES)
    flow_id = outflow.json("export", "list", "--json")[0]["id"]
    expected += ingest(outflow, tmp_path, "events", len(expected), 300)

    # The server's upload of the first new file pauses half-way (holding the flow's lock) until `release` exists.
    release = tmp_path / "release"
    server = start_server(outflow, env=dict(SMALL_FILES, OUTFLOW_EXPORT_FAULT="hold-mid-file",
                                            OUTFLOW_EXPORT_FAULT_AT=str(release)))
    try:
        run_id = fs.start_run(server, flow_id)
        wait_for(lambda: local_objects(folder)[1], "the server's upload to start")
        assert fs.get_run(server, run_id)["status"] == "running"

        proc, _ = export_run(outflow, "--dataset", "events", "--to", folder, *ARGS, env=SMALL_FILES, check=False)
        assert proc.returncode == 3, proc.stderr
        assert f"flow {flow_id} is being exported by pid {server.proc.pid}" in proc.stderr
        proc = outflow.run("export", "retry", run_id, check=False)
        assert proc.returncode == 3 and f"being exported by pid {server.proc.pid}" in proc.stderr, proc.stderr

        release.touch()
        run = fs.wait_run(server, run_id)
        assert run["status"] == "success" and run["attempts"] == 1, run
        assert run["metrics"]["recordSummary"]["outputRecordCount"] == 300
    finally:
        stop_server(server)
    result, _ = assert_exact(folder, dataset_id, expected, incremental=True)
    assert result.batch_ranges == [(1, 4), (5, 5)]
    assert [r["run"]["status"] for r in export_runs(outflow, flow_id)] == ["success", "success"]
