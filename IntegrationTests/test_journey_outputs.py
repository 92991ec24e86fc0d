"""The journey's outputs (Sources/Journey/README.md): replay runs of a stitched connection on demand (REST and
`outflow connection replay`) and on schedule, the stitched dataset they write (queried by SQL, exported by an
Export datasets flow to a local folder), privacy deletions (REST and `outflow connection forget`) reverting reports
and the next replay, and full-table exports of reports (`POST /reports/exports`, `outflow report --save-as`)."""
import json
from pathlib import Path

import pyarrow.parquet as pq

import flow_service as fs
from conftest import Outflow, start_server, stop_server, wait_until
# The demo lake (2,000 events, seed 5) and its server, one per module, as the journey API tests use them.
from test_journey_api import lake, outflow, server  # noqa: F401

PROBLEM = "application/problem+json"


def demo_connection(server):
    return next(c for c in server.get("/data/connections").json()["content"] if c["name"] == "demo")


def sql(outflow, text):
    out = outflow.run("query", "--format", "ndjson", text).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def wait_replay(server, cid, run_id, timeout=120.0):
    run = {}

    def ended():
        nonlocal run
        r = server.get(f"/data/connections/{cid}/stitching/runs/{run_id}")
        assert r.status_code == 200, r.text
        run = r.json()
        return run["status"] in ("succeeded", "failed")

    assert wait_until(ended, timeout=timeout, interval=0.1), f"run {run_id} did not end: {run}"
    return run


def replay(server, cid):
    r = server.post(f"/data/connections/{cid}/stitching/runs")
    assert r.status_code == 202, r.text
    queued = r.json()
    assert queued["id"].startswith("sr_") and queued["status"] == "queued" and queued["trigger"] == "manual"
    assert r.headers["Location"] == f"/data/connections/{cid}/stitching/runs/{queued['id']}"
    run = wait_replay(server, cid, queued["id"])
    assert run["status"] == "succeeded", run
    return run


def export_to_folder(server, dataset_id, folder, name):
    """Runs an Export datasets flow of `dataset_id` to `folder` (Parquet); returns the rows of its part files."""
    params = {"path": str(folder), "datasetFileType": "PARQUET", "compression": "NONE"}
    ids = fs.create_export_flow(server, dataset_id, spec=fs.LOCAL_FOLDER_SPEC, params=params,
                                schedule=fs.hourly_incremental(), name=name)
    run = fs.wait_run(server, fs.start_run(server, ids["flow"]))
    assert run["status"] == "success", run
    parts = sorted(p for p in Path(folder).rglob("*.parquet") if not p.name.startswith("."))
    assert parts, f"no part files under {folder}"
    rows = []
    for part in parts:
        rows += pq.read_table(part).to_pylist()
    return rows


def report(server, body):
    r = server.post("/reports", json=body)
    assert r.status_code == 200, r.text
    return r.json()


def people_report(dimension="marketing_channel"):
    return {"dataId": "demo", "dimension": f"variables/{dimension}",
            "metricContainer": {"metrics": [{"columnId": "people", "id": "metrics/people"}]},
            "settings": {"limit": 1000}}


def test_a_replay_run_writes_the_stitched_dataset_that_sql_and_export_flows_read(server, outflow):
    cid = demo_connection(server)["id"]
    events = sql(outflow, "SELECT count(*) AS n FROM web_events")[0]["n"]
    run = replay(server, cid)
    assert run["progress"] == {"eventsRead": events, "eventsWritten": events}
    assert run["startedAt"] <= run["endedAt"] and "error" not in run
    [stitched] = run["stitchedDataSets"]
    assert stitched["view"] == "demo_stitched" and stitched["name"].startswith("demo_stitched_")
    listed = server.get(f"/data/connections/{cid}/stitching/runs").json()["content"]
    assert run["id"] in [r["id"] for r in listed]

    # Query Service reads it (the dataset and the view of the latest run).
    counts = sql(outflow, f'SELECT count(*) AS n, count(stitchedId) AS s FROM "{stitched["name"]}"')[0]
    assert counts == {"n": events, "s": events}
    assert sql(outflow, "SELECT count(*) AS n FROM demo_stitched")[0]["n"] == events
    # Stitched ids: the login where there is one, else the replayed person or the device.
    rows = sql(outflow, 'SELECT ecid, "crmId", "stitchedId", "stitchedNamespace" FROM demo_stitched')
    assert all(r["stitchedId"] == r["crmId"] and r["stitchedNamespace"] == "crmId" for r in rows if r["crmId"])
    anonymous = [r for r in rows if not r["crmId"]]
    assert any(r["stitchedNamespace"] == "crmId" for r in anonymous), "no anonymous event was stitched to a login"
    assert all(r["stitchedId"] == r["ecid"] for r in anonymous if r["stitchedNamespace"] == "ecid")

    # An Export datasets flow delivers it like any dataset.
    exported = export_to_folder(server, stitched["datasetId"], Path(outflow.data_dir).parent / "out" / "stitched",
                                "stitched")
    assert len(exported) == events
    assert sorted((r["ecid"], r["stitchedId"]) for r in exported) == sorted((r["ecid"], r["stitchedId"]) for r in rows)


def test_the_cli_replays_with_progress_and_refuses_unknown_connections(server, outflow):
    cid = demo_connection(server)["id"]
    proc = outflow.run("connection", "replay", cid)
    assert "succeeded" in proc.stdout and "stitched dataset demo_stitched_" in proc.stdout, proc.stdout
    assert "replay: 100%" in proc.stderr, proc.stderr
    missing = outflow.run("connection", "replay", "dg_nope", check=False)
    assert missing.returncode == 4 and "not found" in missing.stderr
    r = server.post("/data/connections/dg_nope/stitching/runs")
    assert r.status_code == 404 and r.headers["Content-Type"] == PROBLEM


def test_a_privacy_deletion_reverts_reports_and_the_next_replay(server, outflow):
    cid = demo_connection(server)["id"]
    [person] = sql(outflow, 'SELECT "crmId" FROM web_events'
                          "  WHERE crmId IS NOT NULL GROUP BY crmId "
                            "HAVING count(DISTINCT ecid) > 1 ORDER BY crmId LIMIT 1")
    crm = person["crmId"]
    replay(server, cid)
    assert sql(outflow, f"SELECT count(*) AS n FROM demo_stitched WHERE stitchedId = '{crm}'")[0]["n"] > 0
    before = report(server, people_report())["summaryData"]["totals"][0]

    r = server.post(f"/data/connections/{cid}/privacy/deletions", json={"transientId": crm})
    assert r.status_code == 201, r.text
    deletion = r.json()
    assert deletion["id"].startswith("pd_") and deletion["transientId"] == crm
    # The person's devices are people of their own now.
    after = report(server, people_report())["summaryData"]["totals"][0]
    assert after > before

    replay(server, cid)
    rows = sql(outflow, f"SELECT count(*) AS n FROM demo_stitched WHERE stitchedId = '{crm}' OR crmId = '{crm}'")
    assert rows[0]["n"] == 0
    assert sql(outflow, "SELECT count(*) AS n FROM demo_stitched")[0]["n"] == sql(
        outflow, "SELECT count(*) AS n FROM web_events")[0]["n"]

    # The CLI records one too; both are listed.
    [other] = sql(outflow, f'SELECT "crmId" FROM'
                         f"  web_events WHERE crmId IS NOT NULL AND crmId <> '{crm}' LIMIT 1")
    proc = outflow.run("connection", "forget", cid, "--transient-id", other["crmId"])
    assert "privacy deletion pd_" in proc.stdout
    listed = server.get(f"/data/connections/{cid}/privacy/deletions").json()["content"]
    assert [d["transientId"] for d in listed] == [crm, other["crmId"]]
    bad = server.post(f"/data/connections/{cid}/privacy/deletions", json={"transientId": ""})
    assert bad.status_code == 400 and bad.json()["field"] == "transientId"
    missing = server.post(f"/data/connections/{cid}/privacy/deletions", json={})
    assert missing.status_code == 400 and missing.json()["field"] == "transientId"


def test_a_full_table_export_is_a_dataset_an_export_flow_delivers(server, outflow):
    body = {"dataId": "demo", "dimension": "variables/page_name",
            "metricContainer": {"metrics": [{"columnId": "occurrences", "id": "metrics/occurrences"},
                                            {"columnId": "revenue", "id": "metrics/revenue"}]},
            "settings": {"limit": 2}}
    r = server.post("/reports/exports", json={"name": "pages_full", "report": body})
    assert r.status_code == 201, r.text
    export = r.json()
    assert export["columns"] == ["page_name", "itemId", "occurrences", "revenue"]
    full = report(server, {**body, "settings": {"limit": 50000}})
    assert export["rowCount"] == len(full["rows"]) > 2
    exported = export_to_folder(server, export["datasetId"], Path(outflow.data_dir).parent / "out" / "pages", "pages")
    expected = [(row["value"], row["itemId"], row["data"][0], row["data"][1]) for row in full["rows"]]
    got = [(r["page_name"], r["itemId"], r["occurrences"], r["revenue"]) for r in exported]
    assert sorted(got) == sorted(expected)

    taken = server.post("/reports/exports", json={"name": "pages_full", "report": body})
    assert taken.status_code == 409 and taken.json()["field"] == "name"
    bad = dict(body, metricContainer={"metrics": [{"columnId": "0", "id": "metrics/occurrences"}]})
    refused = server.post("/reports/exports", json={"name": "pages_bad", "report": bad})
    assert refused.status_code == 400 and refused.headers["Content-Type"] == PROBLEM
    unknown = server.post("/reports/exports", json={"name": "x", "report": dict(body, dimension="variables/nope")})
    assert unknown.status_code == 400 and unknown.json()["field"] == "dimension"

    proc = outflow.run("report", "--data-view", "demo", "--dimension", "marketing_channel", "--metric", "occurrences",
                       "--metric", "people", "--save-as", "channels_full")
    assert "saved" in proc.stdout and "channel" in proc.stdout
    saved = sql(outflow, 'SELECT marketing_channel, "itemId", occurrences, people FROM channels_full')
    channels = report(server, {"dataId": "demo", "dimension": "variables/marketing_channel",
                               "metricContainer": {"metrics": [{"columnId": "occurrences", "id": "metrics/occurrences"},
                                                               {"columnId": "people", "id": "metrics/people"}]},
                               "settings": {"limit": 1000}})
    assert sorted((s["marketing_channel"], s["itemId"], s["occurrences"], s["people"]) for s in saved) == sorted(
        (row["value"], row["itemId"], *row["data"]) for row in channels["rows"])


def test_replays_run_on_schedule(tmp_path):
    outflow = Outflow(tmp_path / "data")
    outflow.run("demo", "--events", "500", "--seed", "3")
    server = start_server(outflow, env={"OUTFLOW_REPLAY_INTERVAL_SECONDS": "2"})
    try:
        cid = demo_connection(server)["id"]

        def scheduled():
            runs = server.get(f"/data/connections/{cid}/stitching/runs").json()["content"]
            return [r for r in runs if r["trigger"] == "scheduled" and r["status"] == "succeeded"]

        assert wait_until(lambda: len(scheduled()) >= 2, timeout=60, interval=0.2)
        runs = scheduled()
        slots = sorted(r["slot"] for r in runs)
        assert len(set(slots)) == len(slots)
        assert all(r["stitchedDataSets"] for r in runs)
    finally:
        stop_server(server)
