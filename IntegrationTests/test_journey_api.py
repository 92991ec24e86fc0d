"""The journey APIs in CJA's shapes (Sources/HTTPAPI/README.md, Sources/Journey/README.md): connections and data
views with versions and etags, validation errors that name the component as problem+json, the demo's connection
and data view, and reports (`POST /reports`, `outflow report`) reaching the report engine."""
import json

import pytest

from conftest import Outflow, start_server, stop_server

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    outflow = Outflow(tmp_path_factory.mktemp("journey") / "data")
    outflow.run("demo", "--events", "2000", "--seed", "5")
    server = start_server(outflow)
    yield outflow, server
    stop_server(server)


@pytest.fixture
def server(lake):
    return lake[1]


@pytest.fixture
def outflow(lake):
    return lake[0]


def connection_body(name, **changes):
    body = {
        "name": name,
        "dataSets": [
            {"datasetId": "web_events", "type": "event", "personIdField": "ecid", "timestampField": "timestamp"},
            {"datasetId": "product_catalog", "type": "lookup", "keyField": "SKU",
             "matchingKeyField": "productListItems.SKU"},
        ],
        "stitching": {"persistentIdField": "ecid", "transientIdField": "crmId", "replayLookbackDays": 7,
                      "replayFrequency": "daily"},
    }
    body.update(changes)
    return body


def data_view_body(name, connection_id, **changes):
    body = {
        "name": name,
        "parentDataGroupId": connection_id,
        "timezoneDesignator": "Europe/Berlin",
        "session": {"timeoutMinutes": 30, "newSessionOn": []},
        "dimensions": [{"id": "page", "name": "Page", "field": "web.webPageDetails.name"}],
        "metrics": [
            {"id": "occurrences", "name": "Occurrences", "kind": {"occurrences": {}}},
            {"id": "revenue", "name": "Revenue", "kind": {"sum": {"field": "commerce.order.priceTotal"}},
             "attribution": {"model": {"lastTouch": {}}, "lookback": {"time": {"seconds": 30 * 86400}}}},
        ],
    }
    body.update(changes)
    return body


def problem(response, status, field=None, code=None):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["code"] and body["detail"] and body["type"].startswith("https://")
    if field is not None:
        assert body.get("field") == field, body
    if code is not None:
        assert body["code"] == code, body
    return body


def create_connection(server, name):
    r = server.post("/data/connections", json=connection_body(name))
    assert r.status_code == 201, r.text
    return r.json()


def test_the_demo_creates_its_connection_and_data_view_idempotently(server, outflow):
    connections = server.get("/data/connections").json()["content"]
    demo = next(c for c in connections if c["name"] == "demo")
    assert demo["id"].startswith("dg_") and demo["sandbox"] == "prod"
    assert {(d["datasetId"], d["type"]) for d in demo["dataSets"]} == {
        ("web_events", "event"), ("product_catalog", "lookup"), ("customer_profiles", "profile")}
    assert demo["stitching"]["persistentIdField"] == "ecid" and demo["stitching"]["transientIdField"] == "crmId"
    views = server.get("/data/dataviews").json()["content"]
    view = next(v for v in views if v["name"] == "demo")
    assert view["parentDataGroupId"] == demo["id"] and view["timezoneDesignator"] == "UTC"
    assert view["session"]["timeoutMinutes"] == 30
    assert {"page_name", "marketing_channel", "tracking_code", "country"} <= {d["id"] for d in view["dimensions"]}
    metrics = {m["id"]: m for m in view["metrics"]}
    assert {"occurrences", "sessions", "people", "orders", "revenue"} <= set(metrics)
    assert metrics["orders"]["kind"] == {"count": {"field": "commerce.order.purchaseID"}}
    assert metrics["revenue"]["kind"] == {"sum": {"field": "commerce.order.priceTotal"}}
    assert metrics["revenue"]["attribution"] == {"model": {"lastTouch": {}}, "lookback": {"time": {"seconds": 2592000}}}

    again = outflow.run("demo", "--events", "2000", "--seed", "5")
    assert "data view: demo " + view["id"] in again.stdout
    after = server.get(f"/data/dataviews/{view['id']}")
    assert after.json()["version"] == view["version"] and after.headers["ETag"] == f'"{view["version"]}"'
    assert [c["id"] for c in server.get("/data/connections").json()["content"] if c["name"] == "demo"] == [demo["id"]]
    assert demo["id"] in outflow.run("connection", "list").stdout
    listing = outflow.run("dataview", "list").stdout
    assert view["id"] in listing and "page_name" in listing


def test_a_connection_is_created_read_replaced_with_its_etag_and_deleted(server):
    r = server.post("/data/connections", json=connection_body("crud"))
    assert r.status_code == 201, r.text
    created = r.json()
    cid = created["id"]
    assert cid.startswith("dg_") and created["version"] == 1 and r.headers["ETag"] == '"1"'
    assert r.headers["Location"] == f"/data/connections/{cid}"
    got = server.get(f"/data/connections/{cid}")
    assert got.json() == created and got.headers["ETag"] == '"1"'

    problem(server.put(f"/data/connections/{cid}", json=connection_body("crud")), 428, "If-Match",
            "PRECONDITION_REQUIRED")
    r = server.put(f"/data/connections/{cid}", json=connection_body("crud", description="v2"),
                   headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2 and r.json()["description"] == "v2" and r.headers["ETag"] == '"2"'
    assert r.json()["createdAt"] == created["createdAt"] and r.json()["id"] == cid
    problem(server.put(f"/data/connections/{cid}", json=connection_body("crud"), headers={"If-Match": '"1"'}),
            412, "If-Match", "PRECONDITION_FAILED")
    problem(server.post("/data/connections", json=connection_body("crud")), 409, "name", "CONFLICT")

    assert server.delete(f"/data/connections/{cid}").status_code == 204
    problem(server.get(f"/data/connections/{cid}"), 404, code="NOT_FOUND")
    problem(server.delete(f"/data/connections/{cid}"), 404)


def test_a_data_view_is_versioned_and_keeps_its_connection_from_deletion(server):
    connection = create_connection(server, "views")
    r = server.post("/data/dataviews", json=data_view_body("view", connection["id"]))
    assert r.status_code == 201, r.text
    view = r.json()
    assert view["id"].startswith("dv_") and view["version"] == 1 and r.headers["ETag"] == '"1"'
    assert view["containerNames"] == {"people": "Person", "session": "Session", "event": "Event"}

    problem(server.delete(f"/data/connections/{connection['id']}"), 409, code="CONFLICT")
    changed = data_view_body("view", connection["id"], timezoneDesignator="UTC")
    r = server.put(f"/data/dataviews/{view['id']}", json=changed, headers={"If-Match": "*"})
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["timezoneDesignator"] == "UTC"
    problem(server.put(f"/data/dataviews/{view['id']}", json=changed, headers={"If-Match": '"1"'}), 412, "If-Match")

    page = server.get("/data/dataviews", params={"limit": 1, "page": 0}).json()
    assert page["size"] == 1 and page["numberOfElements"] == 1 and page["totalElements"] >= 2
    assert page["firstPage"] is True and page["totalPages"] == page["totalElements"]
    problem(server.get("/data/dataviews", params={"limit": 0}), 400, "limit")

    assert server.delete(f"/data/dataviews/{view['id']}").status_code == 204
    problem(server.get(f"/data/dataviews/{view['id']}"), 404)
    assert server.delete(f"/data/connections/{connection['id']}").status_code == 204


def test_resources_of_another_sandbox_are_not_found(server):
    demo = next(c for c in server.get("/data/connections").json()["content"] if c["name"] == "demo")
    problem(server.get(f"/data/connections/{demo['id']}", headers={"x-sandbox-name": "other"}), 404)
    assert server.get("/data/connections", headers={"x-sandbox-name": "other"}).json()["content"] == []
    problem(server.get("/data/dataviews/dv_nope"), 404, code="NOT_FOUND")


@pytest.mark.parametrize("changes,field", [
    ({"dataSets": [{"datasetId": "nope", "type": "event", "personIdField": "ecid"}]}, "dataSets[0].datasetId"),
    ({"dataSets": [{"datasetId": "web_events", "type": "event", "personIdField": "ecid",
                    "timestampField": "ecid"}]}, "dataSets[0].timestampField"),
    ({"dataSets": [{"datasetId": "web_events", "type": "event", "personIdField": "web"}]},
     "dataSets[0].personIdField"),
    ({"dataSets": [{"datasetId": "web_events", "type": "fact"}]}, "dataSets[0].type"),
    ({"stitching": {"persistentIdField": "ecid", "transientIdField": "crmId", "replayLookbackDays": 3,
                    "replayFrequency": "daily"}}, "stitching.replayLookbackDays"),
    ({"stitching": {"persistentIdField": "ecid", "transientIdField": "nope", "replayLookbackDays": 7,
                    "replayFrequency": "daily"}}, "stitching.transientIdField"),
    ({"name": 5}, "name"),
])
def test_an_invalid_connection_is_a_problem_naming_its_field(server, changes, field):
    body = connection_body("bad")
    body.update(changes)
    problem(server.post("/data/connections", json=body), 400, field, "INVALID_FIELD")


def test_a_connection_body_without_a_required_field_names_it(server):
    problem(server.post("/data/connections", json={"dataSets": []}), 400, "name", "INVALID_FIELD")
    problem(server.post("/data/connections", data="[1]", headers={"Content-Type": "application/json"}), 400)


@pytest.mark.parametrize("changes,field", [
    ({"timezoneDesignator": "Mars/Olympus"}, "timezoneDesignator"),
    ({"session": {"timeoutMinutes": 0, "newSessionOn": []}}, "session.timeoutMinutes"),
    ({"dimensions": [{"id": "page", "name": "Page", "field": "web.nope"}]}, "dimensions[page].field"),
    ({"dimensions": [{"id": "a page", "name": "Page", "field": "web.webPageDetails.name"}]}, "dimensions[0].id"),
    ({"dimensions": [{"id": "page", "name": "Page", "field": "web.webPageDetails.name"},
                     {"id": "page", "name": "Again", "field": "marketing.channel"}]}, "dimensions[1].id"),
    ({"dimensions": [{"id": "page", "name": "Page", "field": "web.webPageDetails.name",
                      "persistence": {"allocation": "mostRecent", "expiration": {"time": {"seconds": 91 * 86400}}}}]},
     "dimensions[page].persistence.expiration"),
    ({"dimensions": [{"id": "page", "name": "Page", "field": "web.webPageDetails.name",
                      "persistence": {"allocation": "mostRecent", "expiration": {"session": {}},
                                      "bindingMetric": "nope"}}]}, "dimensions[page].persistence.bindingMetric"),
    ({"metrics": [{"id": "revenue", "name": "Revenue", "kind": {"sum": {"field": "commerce.order.priceTotal"}},
                   "attribution": {"model": {"lastTouch": {}}, "lookback": {"time": {"seconds": 100 * 86400}}}}]},
     "metrics[revenue].attribution.lookback"),
    ({"metrics": [{"id": "revenue", "name": "Revenue", "kind": {"sum": {"field": "commerce.order.priceTotal"}},
                   "attribution": {"model": {"timeDecay": {"halfLifeSeconds": 0}}, "lookback": {"session": {}}}}]},
     "metrics[revenue].attribution.model.timeDecay.halfLifeSeconds"),
    ({"metrics": [{"id": "revenue", "name": "Revenue", "kind": {"sum": {"field": "commerce.order.priceTotal"}},
                   "attribution": {"model": {"custom": {"first": 0, "middle": 0, "last": 0}},
                                   "lookback": {"session": {}}}}]}, "metrics[revenue].attribution.model.custom"),
    ({"metrics": [{"id": "spend", "name": "Spend", "kind": {"sum": {"field": "marketing.channel"}}}]},
     "metrics[spend].kind.sum.field"),
    ({"metrics": [{"id": "x", "name": "X", "kind": {"median": {}}}]}, "metrics[0].kind"),
    ({"parentDataGroupId": "dg_nope"}, "parentDataGroupId"),
])
def test_an_invalid_data_view_is_a_problem_naming_its_component(server, changes, field):
    demo = next(c for c in server.get("/data/connections").json()["content"] if c["name"] == "demo")
    body = data_view_body("bad view", demo["id"], **changes)
    problem(server.post("/data/dataviews", json=body), 400, field, "INVALID_FIELD")


def demo_view(server):
    return next(v for v in server.get("/data/dataviews").json()["content"] if v["name"] == "demo")


def report_request(data_id, dimension="variables/page_name", metrics=("metrics/occurrences", "metrics/sessions")):
    return {
        "dataId": data_id,
        "globalFilters": [{"type": "dateRange", "dateRange": "2000-01-01T00:00:00/2100-01-01T00:00:00"}],
        "metricContainer": {"metrics": [{"columnId": str(i), "id": m} for i, m in enumerate(metrics)]},
        "dimension": dimension,
        "settings": {"limit": 10, "page": 0},
    }


def test_report_requests_are_checked_against_the_data_view(server):
    view = demo_view(server)
    problem(server.post("/reports", json=report_request(view["id"], dimension="variables/nope")), 400, "dimension")
    problem(server.post("/reports", json=report_request(view["id"], metrics=["metrics/nope"])), 400,
            "metricContainer.metrics[0].id")
    problem(server.post("/reports", json=report_request("dv_nope")), 404, "dataId", "NOT_FOUND")
    problem(server.post("/reports", json={"dataId": view["id"]}), 400, "metricContainer")


def test_a_report_has_rows_keyed_by_its_metric_columns(server):
    view = demo_view(server)
    r = server.post("/reports", json=report_request(view["id"]))
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["columns"]["dimension"]["id"] == "variables/page_name"
    assert report["columns"]["columnIds"] == ["0", "1"]
    assert 0 < len(report["rows"]) <= 10
    for row in report["rows"]:
        assert row["itemId"] and isinstance(row["value"], str) and len(row["data"]) == 2
        assert row["data"][0] >= row["data"][1] > 0  # occurrences >= sessions
    assert report["summaryData"]["totals"][0] == 2000


REPORT_ARGS = ("report", "--data-view", "demo", "--dimension", "page_name", "--metric", "occurrences",
               "--metric", "sessions", "--from", "2000-01-01", "--to", "2100-01-01", "--format", "ndjson")


def test_outflow_report_names_bad_components(outflow):
    bad = outflow.run("report", "--data-view", "demo", "--dimension", "nope", "--metric", "occurrences", check=False)
    assert bad.returncode == 3 and "dimension" in bad.stderr, bad.stderr
    missing = outflow.run("report", "--data-view", "nope", "--dimension", "page_name", "--metric", "occurrences",
                          check=False)
    assert missing.returncode == 4 and "not found" in missing.stderr, missing.stderr
    usage = outflow.run("report", "--data-view", "demo", "--dimension", "page_name", "--metric", "occurrences",
                        "--from", "yesterday", check=False)
    assert usage.returncode == 2 and "--from" in usage.stderr


def test_outflow_report_prints_ndjson_rows_keyed_by_component_ids(outflow):
    proc = outflow.run(*REPORT_ARGS)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rows
    for row in rows:
        assert set(row) == {"page_name", "occurrences", "sessions"}
        assert isinstance(row["page_name"], str) and row["occurrences"] >= row["sessions"] > 0


DERIVED_FIELDS = [
    {"id": "url_path", "name": "URL path",
     "function": {"urlParse": {"input": {"field": "web.webPageDetails.URL"}, "component": "path"}}},
    {"id": "section", "name": "Section", "function": {"caseWhen": {
        "rules": [
            {"conditions": [{"field": "derived.url_path", "operator": "startsWith", "value": "/p/"}],
             "result": {"value": "Products"}},
            {"conditions": [{"field": "derived.url_path", "operator": "matchesRegex", "value": "^/guides/[a-z]+/"}],
             "result": {"value": "Guides"}},
        ],
        "otherwise": {"value": "Other"}}}},
    {"id": "sku_number", "name": "SKU number", "function": {"regexReplace": {
        "input": {"field": "product_catalog.SKU"}, "pattern": "^SKU-0*([0-9]+)$", "replacement": "#$1"}}},
]


def test_a_data_view_with_derived_fields_reports_on_them(server):
    demo = next(c for c in server.get("/data/connections").json()["content"] if c["name"] == "demo")
    body = data_view_body("derived view", demo["id"], derivedFields=DERIVED_FIELDS, dimensions=[
        {"id": "section", "name": "Section", "field": "derived.section"},
        {"id": "category", "name": "Category", "field": "product_catalog.category"},
        {"id": "tier", "name": "Tier", "field": "customer_profiles.loyaltyTier"},
        {"id": "sku_number", "name": "SKU number", "field": "derived.sku_number"},
    ])
    r = server.post("/data/dataviews", json=body)
    assert r.status_code == 201, r.text
    view = r.json()
    assert [f["id"] for f in view["derivedFields"]] == ["url_path", "section", "sku_number"]
    assert server.get(f"/data/dataviews/{view['id']}").json()["derivedFields"] == view["derivedFields"]
    sections = server.post("/reports", json=report_request(view["id"], "variables/section", ["metrics/occurrences"]))
    assert sections.status_code == 200, sections.text
    values = {row["value"]: row["data"][0] for row in sections.json()["rows"]}
    assert set(values) <= {"Products", "Guides", "Other"} and values["Products"] > 0 and values["Guides"] > 0
    assert sum(values.values()) == 2000
    for dimension in ("category", "tier", "sku_number"):
        r = server.post("/reports", json=report_request(view["id"], f"variables/{dimension}", ["metrics/occurrences"]))
        assert r.status_code == 200, r.text
        rows = r.json()["rows"]
        assert any(row["value"] != "Unspecified" for row in rows), (dimension, rows)
    skus = server.post("/reports", json=report_request(view["id"], "variables/sku_number", ["metrics/occurrences"]))
    assert all(row["value"].startswith("#") or row["value"] == "Unspecified" for row in skus.json()["rows"])


@pytest.mark.parametrize("derived,field", [
    ([{"id": "bad", "name": "Bad", "function": {"regexReplace": {
        "input": {"field": "web.webPageDetails.URL"}, "pattern": "([a-z", "replacement": ""}}}],
     "derivedFields[bad].function.regexReplace.pattern"),
    ([{"id": "a", "name": "A", "function": {"lowercase": {"input": {"field": "derived.b"}}}},
      {"id": "b", "name": "B", "function": {"trim": {"input": {"field": "derived.a"}}}}],
     "derivedFields[a].function"),
    ([{"id": "x", "name": "X", "function": {"trim": {"input": {"field": "web.nope"}}}}],
     "derivedFields[x].function.trim.input.field"),
    ([{"id": "no way", "name": "X", "function": {"trim": {"input": {"value": "v"}}}}], "derivedFields[0].id"),
])
def test_an_invalid_derived_field_is_a_problem_naming_it(server, derived, field):
    demo = next(c for c in server.get("/data/connections").json()["content"] if c["name"] == "demo")
    body = data_view_body("bad derived", demo["id"], derivedFields=derived)
    problem(server.post("/data/dataviews", json=body), 400, field, "INVALID_FIELD")


def test_the_demo_view_has_lookup_profile_and_derived_dimensions(server):
    view = demo_view(server)
    fields = {d["id"]: d["field"] for d in view["dimensions"]}
    assert fields["product_category"] == "product_catalog.category"
    assert fields["loyalty_tier"] == "customer_profiles.loyaltyTier"
    assert fields["site_section"] == "derived.site_section"
    for dimension in ("product_category", "loyalty_tier", "site_section"):
        r = server.post("/reports", json=report_request(view["id"], f"variables/{dimension}", ["metrics/occurrences"]))
        assert r.status_code == 200, r.text
        assert r.json()["summaryData"]["totals"][0] == 2000


def page_segment(view_id, page, context="visits", name="sessions with a page"):
    return {
        "name": name, "dataId": view_id,
        "definition": {"func": "segment", "version": [1, 0, 0], "container": {
            "func": "container", "context": context,
            "pred": {"func": "streq", "str": page, "val": {"func": "attr", "name": "variables/page_name"}}}},
    }


def top_row(server, view):
    report = server.post("/reports", json=report_request(view["id"])).json()
    return report["rows"][0]


def test_a_segment_is_created_read_replaced_with_its_etag_and_deleted(server):
    view = demo_view(server)
    page = top_row(server, view)["value"]
    r = server.post("/segments", json=page_segment(view["id"], page))
    assert r.status_code == 201, r.text
    created = r.json()
    sid = created["id"]
    assert sid.startswith("s_") and created["version"] == 1 and r.headers["ETag"] == '"1"'
    assert r.headers["Location"] == f"/segments/{sid}"
    assert created["definition"]["container"]["pred"]["str"] == page
    got = server.get(f"/segments/{sid}")
    assert got.json() == created and got.headers["ETag"] == '"1"'
    assert sid in [s["id"] for s in server.get("/segments", params={"dataIds": view["id"]}).json()["content"]]
    assert server.get("/segments", params={"dataIds": "dv_other"}).json()["content"] == []

    changed = page_segment(view["id"], page, context="visitors", name="people with a page")
    problem(server.put(f"/segments/{sid}", json=changed), 428, "If-Match", "PRECONDITION_REQUIRED")
    r = server.put(f"/segments/{sid}", json=changed, headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 2 and r.headers["ETag"] == '"2"' and r.json()["name"] == "people with a page"
    assert r.json()["definition"]["container"]["context"] == "visitors"
    problem(server.put(f"/segments/{sid}", json=changed, headers={"If-Match": '"1"'}), 412, "If-Match")
    problem(server.get(f"/segments/{sid}", headers={"x-sandbox-name": "other"}), 404)

    assert server.delete(f"/segments/{sid}").status_code == 204
    problem(server.get(f"/segments/{sid}"), 404, code="NOT_FOUND")


@pytest.mark.parametrize("pred,field", [
    ({"func": "matches", "str": "x", "val": {"func": "attr", "name": "variables/page_name"}},
     "definition.container.pred.func"),
    ({"func": "streq", "str": "x", "val": {"func": "attr", "name": "variables/nope"}},
     "definition.container.pred.val"),
    ({"func": "and", "preds": [{"func": "gt", "num": 1, "val": {"func": "metric", "name": "metrics/nope"}}]},
     "definition.container.pred.preds[0].val"),
    ({"func": "sequence", "stream": [
        {"func": "exists", "val": {"func": "attr", "name": "variables/page_name"}},
        {"func": "time-restriction", "limit": "within", "count": 1, "unit": "year"},
        {"func": "exists", "val": {"func": "attr", "name": "variables/page_name"}}]},
     "definition.container.pred.stream[1].unit"),
    ({"func": "streq", "val": {"func": "attr", "name": "variables/page_name"}}, "definition.container.pred.str"),
])
def test_an_invalid_segment_definition_is_a_problem_naming_its_path(server, pred, field):
    view = demo_view(server)
    body = page_segment(view["id"], "x")
    body["definition"]["container"]["pred"] = pred
    problem(server.post("/segments", json=body), 400, field, "INVALID_FIELD")


def test_a_segment_on_an_unknown_data_view_is_refused(server):
    problem(server.post("/segments", json=page_segment("dv_nope", "x")), 400, "dataId", "INVALID_FIELD")


def test_reports_take_segments_by_id_inline_and_as_metric_filters(server, outflow):
    view = demo_view(server)
    top = top_row(server, view)
    segment = server.post("/segments", json=page_segment(view["id"], top["value"])).json()

    request = report_request(view["id"])
    request["globalFilters"].append({"type": "segment", "segmentId": segment["id"]})
    r = server.post("/reports", json=request)
    assert r.status_code == 200, r.text
    report = r.json()
    # Sessions with a view of the page: the page's own sessions, all of them in the segment.
    assert report["summaryData"]["totals"][1] == top["data"][1]
    rows = {row["value"]: row["data"] for row in report["rows"]}
    assert rows[top["value"]] == top["data"]

    inline = report_request(view["id"])
    inline["globalFilters"].append({"type": "segment", "segmentDefinition": segment["definition"]})
    assert server.post("/reports", json=inline).json()["summaryData"] == report["summaryData"]

    filtered = report_request(view["id"])
    filtered["metricContainer"]["metricFilters"] = [
        {"id": "f", "type": "segment", "segmentId": segment["id"]},
        {"id": "b", "type": "breakdown", "dimension": "variables/page_name", "itemId": top["itemId"]},
    ]
    filtered["metricContainer"]["metrics"][0]["filters"] = ["b"]
    filtered["metricContainer"]["metrics"][1]["filters"] = ["f"]
    r = server.post("/reports", json=filtered)
    assert r.status_code == 200, r.text
    totals = r.json()["summaryData"]["totals"]
    assert totals == [top["data"][0], top["data"][1]]

    request["globalFilters"][-1]["segmentId"] = "s_nope"
    problem(server.post("/reports", json=request), 400, "globalFilters[1].segmentId", "INVALID_FIELD")
    filtered["metricContainer"]["metrics"][1]["filters"] = ["nope"]
    problem(server.post("/reports", json=filtered), 400, "metricContainer.metrics[1].filters[0]")

    rows = [json.loads(line) for line in outflow.run(*REPORT_ARGS, "--segment", segment["id"]).stdout.splitlines()]
    assert sum(1 for row in rows if row["page_name"] == top["value"]) == 1
    broken_down = outflow.run(*REPORT_ARGS, "--breakdown", f"page_name={top['itemId']}").stdout.splitlines()
    assert [json.loads(line)["page_name"] for line in broken_down] == [top["value"]]
    bad = outflow.run(*REPORT_ARGS, "--breakdown", "page_name", check=False)
    assert bad.returncode == 2 and "--breakdown" in bad.stderr


def test_outflow_segment_create_and_list(outflow, tmp_path):
    page = json.loads(outflow.run(*REPORT_ARGS).stdout.splitlines()[0])["page_name"]
    body = page_segment("demo", page, name="cli segment")
    path = tmp_path / "segment.json"
    path.write_text(json.dumps(body))
    sid = outflow.run("segment", "create", "--file", str(path)).stdout.strip()
    assert sid.startswith("s_")
    listing = outflow.run("segment", "list").stdout
    assert sid in listing and "cli segment" in listing and "visits" in listing
    body["definition"]["container"]["pred"]["val"]["name"] = "variables/nope"
    path.write_text(json.dumps(body))
    bad = outflow.run("segment", "create", "--file", str(path), check=False)
    assert bad.returncode == 3 and "definition.container.pred.val" in bad.stderr, bad.stderr
    body["definition"]["container"]["context"] = "sessions"
    path.write_text(json.dumps(body))
    bad = outflow.run("segment", "create", "--file", str(path), check=False)
    assert bad.returncode == 3 and "definition.container.context" in bad.stderr, bad.stderr


def metric_leaf(name):
    return {"func": "metric", "name": name}


def calculated_metric_body(data_id, name="Revenue per order", formula=None, **changes):
    body = {
        "name": name,
        "description": "revenue / orders",
        "dataId": data_id,
        "type": "currency",
        "precision": 2,
        "polarity": "positive",
        "definition": {"func": "calc-metric", "version": [1, 0, 0], "formula": formula or {
            "func": "divide", "col1": metric_leaf("metrics/revenue"), "col2": metric_leaf("metrics/orders")}},
    }
    body.update(changes)
    return body


def calculation_view(server):
    """A data view over the demo connection whose orders count the order total (present on every order)."""
    views = [v for v in server.get("/data/dataviews").json()["content"] if v["name"] == "calculation view"]
    if views:
        return views[0]
    demo = next(c for c in server.get("/data/connections").json()["content"] if c["name"] == "demo")
    body = data_view_body("calculation view", demo["id"], timezoneDesignator="UTC", dimensions=[
        {"id": "marketing_channel", "name": "Channel", "field": "marketing.channel"}], metrics=[
        {"id": "sessions", "name": "Sessions", "kind": {"sessions": {}}},
        {"id": "revenue", "name": "Revenue", "kind": {"sum": {"field": "commerce.order.priceTotal"}}},
        {"id": "orders", "name": "Orders", "kind": {"count": {"field": "commerce.order.priceTotal"}}}])
    r = server.post("/data/dataviews", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def test_a_calculated_metric_is_created_read_replaced_with_its_etag_and_deleted(server):
    view = demo_view(server)
    r = server.post("/calculatedmetrics", json=calculated_metric_body(view["id"]))
    assert r.status_code == 201, r.text
    created = r.json()
    cid = created["id"]
    assert cid.startswith("cm_") and created["version"] == 1 and r.headers["ETag"] == '"1"'
    assert r.headers["Location"] == f"/calculatedmetrics/{cid}"
    assert created["definition"]["formula"]["col2"] == metric_leaf("metrics/orders")
    assert created["type"] == "currency" and created["precision"] == 2 and created["dataId"] == view["id"]
    got = server.get(f"/calculatedmetrics/{cid}")
    assert got.json() == created and got.headers["ETag"] == '"1"'
    assert cid in [m["id"] for m in server.get("/calculatedmetrics").json()["content"]]
    assert server.get("/calculatedmetrics", params={"dataIds": "dv_other"}).json()["content"] == []

    changed = calculated_metric_body(view["id"], name="AOV")
    problem(server.put(f"/calculatedmetrics/{cid}", json=changed), 428, "If-Match", "PRECONDITION_REQUIRED")
    problem(server.put(f"/calculatedmetrics/{cid}", json=changed, headers={"If-Match": '"7"'}), 412, "If-Match",
            "PRECONDITION_FAILED")
    r = server.put(f"/calculatedmetrics/{cid}", json=changed, headers={"If-Match": '"1"'})
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "AOV" and r.json()["version"] == 2 and r.headers["ETag"] == '"2"'
    assert r.json()["createdAt"] == created["createdAt"]

    problem(server.get(f"/calculatedmetrics/{cid}", headers={"x-sandbox-name": "dev"}), 404, None, "NOT_FOUND")
    assert server.delete(f"/calculatedmetrics/{cid}").status_code == 204
    problem(server.get(f"/calculatedmetrics/{cid}"), 404, None, "NOT_FOUND")


@pytest.mark.parametrize("formula,field", [
    ({"func": "divide", "col1": metric_leaf("metrics/revenue"), "col2": metric_leaf("metrics/nope")},
     "definition.formula.col2.name"),
    ({"func": "divide", "col1": metric_leaf("metrics/revenue")}, "definition.formula.col2"),
    ({"func": "abs", "col": {"func": "median", "col": {"func": "bogus"}}}, "definition.formula.col.col.func"),
    ({"func": "if", "cond": {"func": "gt", "col1": 1, "col2": 0}, "then": 1, "else": "x"}, "definition.formula.else"),
])
def test_an_invalid_formula_is_a_problem_naming_its_path(server, formula, field):
    view = demo_view(server)
    body = calculated_metric_body(view["id"], formula=formula)
    problem(server.post("/calculatedmetrics", json=body), 400, field, "INVALID_FIELD")


def test_a_calculated_metric_needs_a_data_view_of_the_sandbox(server):
    problem(server.post("/calculatedmetrics", json=calculated_metric_body("dv_nope")), 400, "dataId")
    problem(server.post("/calculatedmetrics", json={"name": "x", "dataId": "demo"}), 400, "definition")


def test_a_report_computes_calculated_metrics_per_row_and_on_the_totals(server):
    view = calculation_view(server)
    aov = server.post("/calculatedmetrics", json=calculated_metric_body(view["id"])).json()
    conversion = server.post("/calculatedmetrics", json=calculated_metric_body(
        view["id"], name="Conversion", type="percent",
        formula={"func": "divide", "col1": metric_leaf("metrics/orders"), "col2": metric_leaf("metrics/sessions")}
    )).json()
    base = report_request(view["id"], dimension="variables/marketing_channel",
                          metrics=("metrics/revenue", "metrics/orders", "metrics/sessions"))
    plain = server.post("/reports", json=base).json()
    calculated = report_request(view["id"], dimension="variables/marketing_channel",
                                metrics=("metrics/revenue", aov["id"], conversion["id"]))
    r = server.post("/reports", json=calculated)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["columns"]["columnIds"] == ["0", "1", "2"]
    expected = {row["value"]: row["data"] for row in plain["rows"]}
    assert [row["value"] for row in report["rows"]] == [row["value"] for row in plain["rows"]]
    for row in report["rows"]:
        revenue, orders, sessions = expected[row["value"]]
        assert row["data"][0] == revenue
        assert row["data"][1] == pytest.approx(revenue / orders if orders else 0)
        assert row["data"][2] == pytest.approx(orders / sessions if sessions else 0)
    revenue, orders, sessions = plain["summaryData"]["totals"]
    assert report["summaryData"]["totals"] == pytest.approx([revenue, revenue / orders, orders / sessions])

    missing = report_request(view["id"], dimension="variables/marketing_channel", metrics=("metrics/revenue", "cm_nope"))
    problem(server.post("/reports", json=missing), 400, "metricContainer.metrics[1].id")


def test_outflow_creates_lists_and_reports_calculated_metrics(server, outflow, tmp_path):
    calculation_view(server)
    definition = tmp_path / "aov.json"
    definition.write_text(json.dumps(calculated_metric_body("calculation view", name="AOV (cli)")))
    cid = outflow.run("calculatedmetric", "create", "--file", str(definition)).stdout.strip()
    assert cid.startswith("cm_")
    assert cid in outflow.run("calculatedmetric", "list").stdout
    proc = outflow.run("report", "--data-view", "calculation view", "--dimension", "marketing_channel",
                       "--metric", "revenue",
                       "--metric", "orders", "--metric", cid, "--format", "ndjson")
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rows
    for row in rows:
        assert set(row) == {"marketing_channel", "revenue", "orders", cid}
        assert row[cid] == pytest.approx(row["revenue"] / row["orders"] if row["orders"] else 0)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(calculated_metric_body("demo", formula=metric_leaf("metrics/nope"))))
    failed = outflow.run("calculatedmetric", "create", "--file", str(bad), check=False)
    assert failed.returncode == 3 and "definition.formula.name" in failed.stderr, failed.stderr
