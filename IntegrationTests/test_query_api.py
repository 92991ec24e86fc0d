"""The Query Service API in AEP's shape (Sources/HTTPAPI/README.md, Sources/QueryService/README.md): queries run
asynchronously with honest states, SQLSTATE errors, cancellation that really stops the work, CTAS with lineage in
the catalog, scheduled queries on the export scheduler's loop and their runs, restart recovery."""
import datetime
import signal
import time

import pytest
import requests

from conftest import start_server, stop_server, wait_until

Q = "/data/foundation/query"
# A cross join of the demo's events with itself, twice: far more rows than any test waits for.
ENDLESS = "SELECT count(*) AS n FROM web_events a, web_events b, web_events c"


@pytest.fixture
def demo(outflow):
    outflow.run("demo", "--events", "2000", "--seed", "5")
    server = start_server(outflow)
    yield server
    stop_server(server)


def submit(server, sql, **extra):
    r = server.post(Q + "/queries", json={"dbName": "prod:all", "sql": sql, "name": "t", **extra})
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["state"] == "SUBMITTED" and body["_links"]["cancel"]["method"] == "PATCH"
    assert r.headers["Location"] == Q + "/queries/" + body["id"]
    return body["id"]


def poll(server, query_id, states=("SUCCESS", "FAILED", "CANCELLED"), timeout=120):
    seen = {}

    def done():
        seen["q"] = server.get(f"{Q}/queries/{query_id}").json()
        return seen["q"]["state"] in states

    assert wait_until(done, timeout=timeout, interval=0.1), seen.get("q")
    return seen["q"]


def test_a_select_runs_to_success_with_row_count_and_first_rows(demo):
    query_id = submit(demo, "SELECT count(*) AS n FROM web_events")
    query = poll(demo, query_id)
    assert query["state"] == "SUCCESS", query
    assert query["rowCount"] == 1 and query["errors"] == [] and query["elapsedTime"] >= 0
    assert query["results"]["rows"] == [{"n": 2000}]
    listed = demo.get(Q + "/queries", params={"property": f"id=={query_id}"}).json()
    assert [q["id"] for q in listed["queries"]] == [query_id] and listed["_page"]["count"] == 1


def test_query_parameters_are_substituted_as_safe_literals(demo):
    query_id = submit(demo, "SELECT $name AS s, $n + 1 AS m", queryParameters={"$name": "o'; DROP TABLE x; --", "n": 41})
    query = poll(demo, query_id)
    assert query["state"] == "SUCCESS", query
    assert query["results"]["rows"] == [{"s": "o'; DROP TABLE x; --", "m": 42}]
    r = demo.post(Q + "/queries", json={"dbName": "prod", "sql": "SELECT $missing", "queryParameters": {"n": 1}})
    assert r.status_code == 400 and r.json()["code"] == "INVALID_QUERY_PARAMETER"
    assert r.json()["field"] == "queryParameters.$missing"


def test_failing_sql_reports_its_sqlstate_message_and_position(demo):
    query = poll(demo, submit(demo, "SELECT nope FROM web_events"))
    assert query["state"] == "FAILED"
    [error] = query["errors"]
    assert error["code"] == "42703" and "nope" in error["message"] and error["position"] == 8


def test_bad_requests_are_problems_with_codes(demo):
    cases = [
        ({"dbName": "prod"}, "sql"),
        ({"sql": "SELECT 1"}, "dbName"),
        ({"dbName": "other:all", "sql": "SELECT 1"}, "dbName"),
        ({"dbName": "prod", "sql": "SELECT 1", "ctasParameters": {"datasetName": ""}}, "ctasParameters.datasetName"),
    ]
    for body, field in cases:
        r = demo.post(Q + "/queries", json=body)
        assert r.status_code == 400 and r.headers["Content-Type"] == "application/problem+json", r.text
        assert r.json()["field"] == field and r.json()["code"]
    assert demo.get(Q + "/queries/nope").status_code == 404
    assert demo.get(Q + "/queries", params={"orderby": "name"}).json()["field"] == "orderby"


def test_cancelling_a_long_ctas_stops_it_and_leaves_no_dataset(demo):
    query_id = submit(demo, ENDLESS, ctasParameters={"datasetName": "never_made"})
    poll(demo, query_id, states=("IN_PROGRESS",))
    r = demo.delete(f"{Q}/queries/{query_id}")
    assert r.status_code == 202 and r.json() == {"message": "Query cancel request received", "statusCode": 202}
    query = poll(demo, query_id, timeout=30)
    assert query["state"] == "CANCELLED" and query["errors"][0]["code"] == "57014"
    assert demo.get("/data/foundation/catalog/dataSets/never_made").status_code == 404
    r = requests.patch(f"{demo.base}{Q}/queries/{query_id}", json={"op": "cancel"}, timeout=30)
    assert r.status_code == 409 and r.json()["code"] == "QUERY_FINISHED"
    r = requests.patch(f"{demo.base}{Q}/queries/{query_id}", json={"op": "soft_delete"}, timeout=30)
    assert r.status_code == 202
    ids = [q["id"] for q in demo.get(Q + "/queries", params={"limit": 1000}).json()["queries"]]
    assert query_id not in ids
    assert query_id in [q["id"] for q in demo.get(Q + "/queries", params={"excludeSoftDeleted": "false"}).json()["queries"]]


def test_ctas_makes_a_dataset_with_its_lineage_in_the_catalog(demo):
    query_id = submit(demo, "SELECT CAST(timestamp AS date) AS day, count(*) AS events FROM web_events GROUP BY 1",
                      ctasParameters={"datasetName": "daily_events"})
    query = poll(demo, query_id)
    assert query["state"] == "SUCCESS" and query["isCTAS"], query
    [ref] = query["_links"]["referenced_datasets"]
    assert ref["href"] == "/data/foundation/catalog/dataSets/" + ref["id"] and query["datasetId"] == ref["id"]
    dataset = demo.get("/data/foundation/catalog/dataSets/" + ref["id"]).json()[ref["id"]]
    assert dataset["name"] == "daily_events"
    assert dataset["lineage"]["queryId"] == query_id and dataset["lineage"]["createdBy"] == "API"
    assert dataset["lineage"]["sql"].startswith("CREATE TABLE")
    total = poll(demo, submit(demo, "SELECT sum(events) AS s FROM daily_events"))
    assert total["results"]["rows"] == [{"s": 2000}]


def test_a_schedule_runs_on_the_clock_and_on_trigger_then_disables_and_deletes(demo):
    start = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    r = demo.post(Q + "/schedules", json={
        "query": {"dbName": "prod:all", "sql": "SELECT count(*) AS n FROM web_events", "name": "count",
                  "ctasParameters": {"datasetName": "event_counts"}},
        "schedule": {"schedule": "* * * * *", "startDate": start}})
    assert r.status_code == 202, r.text
    schedule = r.json()
    assert schedule["state"] == "ENABLED" and schedule["schedule"]["maxActiveRuns"] == 1
    runs_url = f"{Q}/schedules/{schedule['id']}/runs"

    def runs():
        return demo.get(runs_url, params={"orderby": "created"}).json()["runsSchedules"]

    # The latest due minute runs at the scheduler's next pass (a new schedule wakes it): CTAS the first time.
    assert wait_until(lambda: runs() and runs()[0]["state"] == "SUCCESS", timeout=60), runs()
    first = runs()[0]
    assert first["externalTrigger"] == "false" and first["scheduledTime"]
    assert poll(demo, first["queryId"])["isCTAS"]
    r = demo.post(runs_url)
    assert r.status_code == 202, r.text
    assert wait_until(lambda: len([x for x in runs() if x["externalTrigger"] == "true" and x["state"] == "SUCCESS"]) == 1,
                      timeout=60), runs()
    triggered = [x for x in runs() if x["externalTrigger"] == "true"][0]
    assert poll(demo, triggered["queryId"])["isInsertInto"]
    assert demo.get(f"{runs_url}/{triggered['id']}").json()["state"] == "SUCCESS"
    counted = poll(demo, submit(demo, "SELECT count(*) AS c, sum(n) AS s FROM event_counts"))
    assert counted["results"]["rows"][0]["s"] == 2000 * counted["results"]["rows"][0]["c"]
    assert counted["results"]["rows"][0]["c"] >= 2
    # A cron that is not one is a 400 naming the field.
    r = requests.patch(f"{demo.base}{Q}/schedules/{schedule['id']}",
                       json={"body": [{"op": "replace", "path": "/schedule/schedule", "value": "61 * * * *"}]}, timeout=30)
    assert r.status_code == 400 and r.json()["code"] == "INVALID_CRON" and r.json()["field"] == "body[0].value"
    assert demo.delete(f"{Q}/schedules/{schedule['id']}").json()["code"] == "SCHEDULE_ENABLED"
    r = requests.patch(f"{demo.base}{Q}/schedules/{schedule['id']}",
                       json={"body": [{"op": "replace", "path": "/state", "value": "disable"}]}, timeout=30)
    assert r.status_code == 202
    assert demo.get(f"{Q}/schedules/{schedule['id']}").json()["state"] == "DISABLED"
    assert demo.delete(f"{Q}/schedules/{schedule['id']}").status_code == 202
    assert demo.get(f"{Q}/schedules/{schedule['id']}").status_code == 404


def test_a_query_running_when_the_server_dies_is_failed_at_the_next_start(outflow):
    outflow.run("demo", "--events", "2000", "--seed", "5")
    server = start_server(outflow)
    query_id = submit(server, ENDLESS)
    poll(server, query_id, states=("IN_PROGRESS",))
    server.proc.send_signal(signal.SIGKILL)
    server.proc.wait()
    server = start_server(outflow)
    try:
        query = server.get(f"{Q}/queries/{query_id}").json()
        assert query["state"] == "FAILED" and query["errors"][0]["code"] == "57P01", query
        assert "did not finish" in query["errors"][0]["message"]
    finally:
        stop_server(server)


def test_listing_orders_filters_and_pages_as_aep_does(demo):
    ids = []
    for n in range(3):
        ids.append(submit(demo, f"SELECT {n} AS n"))
        time.sleep(0.01)  # distinct `created` milliseconds, so the order is defined
    for query_id in ids:
        poll(demo, query_id)
    newest = demo.get(Q + "/queries", params={"limit": 2}).json()
    assert newest["_page"]["orderby"] == "-created" and newest["_page"]["count"] == 2
    assert [q["id"] for q in newest["queries"]] == ids[::-1][:2]
    rest = demo.get(newest["_links"]["next"]["href"]).json()
    assert [q["id"] for q in rest["queries"]] == ids[:1] and "next" not in rest["_links"] and rest["_links"]["prev"]
    oldest = demo.get(Q + "/queries", params={"orderby": "+created", "property": "state==SUCCESS"}).json()
    assert [q["id"] for q in oldest["queries"]] == ids
    first = demo.get(f"{Q}/queries/{ids[0]}").json()
    later = demo.get(Q + "/queries", params={"property": f"created>{first['created']},id!={ids[2]}"}).json()
    assert [q["id"] for q in later["queries"]] == [ids[1]]
    bad = demo.get(Q + "/queries", params={"property": "name==x"})
    assert bad.status_code == 400 and bad.json()["field"] == "property"
