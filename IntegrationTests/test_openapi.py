"""The served `/openapi.yaml` is a valid OpenAPI document, bad requests get problem+json naming the field, and
schemathesis finds no 5xx and no response outside the document against a live server with a small demo lake."""
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import requests
import yaml
from openapi_spec_validator import validate

from conftest import Outflow, start_server, stop_server

FLOWS = "/data/foundation/flowservice"
LANDING_ZONE_SPEC = "10440537-2a7b-4583-ac39-ed38d4b848e8"
S3_SPEC = "4fce964d-3f37-408f-9778-e597338a21ee"
SOURCE_SPEC = "8a9c3494-9708-43d7-ae3f-cda01e5030e1"
CHECKS = ",".join([
    "not_a_server_error", "status_code_conformance", "content_type_conformance",
    "response_schema_conformance", "response_headers_conformance",
])


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    outflow = Outflow(tmp_path_factory.mktemp("openapi") / "data")
    outflow.run("demo", "--events", "500")
    # Thousands of fuzzed requests: log warnings and errors only (a 5xx is logged as "request failed").
    server = start_server(outflow, env={"OUTFLOW_LOG_LEVEL": "warning"})
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def document(demo_server):
    r = demo_server.get("/openapi.yaml")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/yaml"
    return yaml.safe_load(r.text)


def test_served_document_is_valid_openapi(document):
    validate(document)
    assert document["openapi"].startswith("3.1")
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert operation.get("operationId"), f"{method} {path} has no operationId"
            assert any(status.startswith("2") for status in operation["responses"]), f"{method} {path}"


def problem_schema(document):
    """The Problem schema, resolvable on its own (it refers to RecordError)."""
    schemas = document["components"]["schemas"]
    return {**schemas["Problem"], "$defs": schemas} | {
        "properties": {**schemas["Problem"]["properties"],
                       "errors": {"type": "array", "items": schemas["RecordError"]}}}


def assert_problem(document, response, status, field):
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    jsonschema.validate(body, problem_schema(document))
    assert body["status"] == status
    assert body.get("field") == field, body


def landing_zone_flow(server):
    """A landing-zone base connection, a source of the demo events and a JSON target; returns their ids."""
    r = server.post(f"{FLOWS}/connections", json={
        "name": "dlz", "connectionSpec": {"id": LANDING_ZONE_SPEC, "version": "1.0"},
        "auth": {"specName": "None", "params": {}}})
    assert r.status_code == 201, r.text
    base = r.json()["id"]
    datasets = server.get(f"{FLOWS}/connectionSpecs/23598e46-f560-407b-88d5-ea6207e49db0/configs",
                          params={"outputType": "activationDatasets", "outputField": "datasets"}).json()["items"]
    r = server.post(f"{FLOWS}/sourceConnections", json={
        "name": "events", "connectionSpec": {"id": SOURCE_SPEC}, "params": {"datasets": [{"id": datasets[0]["id"]}]}})
    assert r.status_code == 201, r.text
    source = r.json()["id"]
    r = server.post(f"{FLOWS}/targetConnections", json={
        "name": "out", "baseConnectionId": base, "params": {"path": "exports", "datasetFileType": "JSON"}})
    assert r.status_code == 201, r.text
    return source, r.json()["id"]


def schedule(**overrides):
    params = {"exportMode": "FIRST_FULL_THEN_INCREMENTAL", "timeUnit": "hour", "interval": 3,
              "startTime": 1_900_000_000}
    params.update(overrides)
    return params


def test_bad_requests_get_problem_json_naming_the_field(demo_server, document):
    server = demo_server
    source, target = landing_zone_flow(server)

    r = server.post(f"{FLOWS}/sourceConnections", json={"params": {"datasets": [{"id": "no-such-dataset"}]}})
    assert_problem(document, r, 400, "params.datasets[0].id")

    r = server.post(f"{FLOWS}/targetConnections", json={
        "baseConnectionId": "x", "params": {"path": "exports", "datasetFileType": "XML"}})
    assert_problem(document, r, 400, "params.datasetFileType")

    flow = {"name": "f", "sourceConnectionIds": [source], "targetConnectionIds": [target]}
    r = server.post(f"{FLOWS}/flows", json={**flow, "scheduleParams": schedule(interval=7)})
    assert_problem(document, r, 400, "scheduleParams.interval")
    r = server.post(f"{FLOWS}/flows", json={**flow, "scheduleParams": schedule(exportMode="WEEKLY")})
    assert_problem(document, r, 400, "scheduleParams.exportMode")
    r = server.post(f"{FLOWS}/flows", json={**flow, "scheduleParams": schedule(endTime=1_800_000_000)})
    assert_problem(document, r, 400, "scheduleParams.endTime")

    r = server.post(f"{FLOWS}/connections", json={
        "name": "s3", "connectionSpec": {"id": S3_SPEC}, "auth": {"specName": "Access Key", "params": {}}})
    assert_problem(document, r, 400, "auth.params.s3AccessKey")

    r = server.post(f"{FLOWS}/flows", json={**flow, "scheduleParams": schedule()})
    assert r.status_code == 201, r.text
    flow_id = r.json()["id"]
    patch = [{"op": "replace", "path": "/name", "value": "renamed"}]
    r = requests.patch(f"{server.base}{FLOWS}/flows/{flow_id}", json=patch, headers={"If-Match": '"stale"'}, timeout=30)
    assert_problem(document, r, 412, "If-Match")
    r = requests.patch(f"{server.base}{FLOWS}/flows/{flow_id}", json=patch, timeout=30)
    assert_problem(document, r, 428, "If-Match")

    r = server.post(f"{FLOWS}/flows", data=b"{not json", headers={"content-type": "application/json"})
    assert_problem(document, r, 400, None)
    r = server.post(f"{FLOWS}/flows", data=b"[" * (5 << 20), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"


def schemathesis_config(server, path):
    """A schemathesis.toml whose dictionaries hand real ids (a landing-zone flow, its connections, the demo
    datasets) to the operations that need them, so fuzzing reaches past 404s into validation and exports."""
    source, target = landing_zone_flow(server)
    base = server.get(f"{FLOWS}/targetConnections/{target}").json()["items"][0]["baseConnectionId"]
    r = server.post(f"{FLOWS}/flows", json={"name": "fuzzed", "sourceConnectionIds": [source],
                                             "targetConnectionIds": [target], "scheduleParams": schedule()})
    assert r.status_code == 201, r.text
    flow = r.json()["id"]
    datasets = list(server.get("/data/foundation/catalog/dataSets").json())
    values = {"sandboxes": ["prod"], "datasets": datasets, "sources": [source], "targets": [target],
              "bases": [base], "flows": [flow], "runFilters": [f"flowId=={flow}"]}
    bindings = {
        "getFlow|patchFlow|startRun|flowAction": {"path.id": "flows"},
        "getConnection|patchConnection|testConnection": {"path.id": "bases"},
        "getSourceConnection": {"path.id": "sources"},
        "getTargetConnection": {"path.id": "targets"},
        "getDataSet|getBatch": {"path.id": "datasets"},
        "listRuns": {"query.property": "runFilters"},
        "listBatches": {"query.dataSet": "datasets"},
        "createSourceConnection": {"body.params.datasets[*].id": "datasets"},
        "createTargetConnection": {"body.baseConnectionId": "bases"},
        "createFlow|patchFlow": {"body.sourceConnectionIds[*]": "sources", "body.targetConnectionIds[*]": "targets"},
    }
    lines = ['[parameters]', '"header.x-sandbox-name" = { dictionary = "sandboxes", probability = 0.9 }', ""]
    for name, entries in values.items():
        lines += [f"[dictionaries.{name}]", "values = [" + ", ".join(f'"{v}"' for v in entries) + "]", ""]
    for operations, parameters in bindings.items():
        lines += ["[[operations]]", f'include-operation-id-regex = "^({operations})$"', "[operations.parameters]"]
        lines += [f'"{key}" = {{ dictionary = "{name}", probability = 0.7 }}' for key, name in parameters.items()]
        lines.append("")
    path.write_text("\n".join(lines))


def test_schemathesis_finds_no_server_error_and_no_response_outside_the_document(demo_server, tmp_path):
    config = tmp_path / "schemathesis.toml"
    schemathesis_config(demo_server, config)
    command = [
        str(Path(sys.executable).parent / "st"), "--config-file", str(config), "--no-color",
        "run", demo_server.base + "/openapi.yaml", "--url", demo_server.base, "--checks", CHECKS,
        "--phases", "examples,coverage,fuzzing,stateful",
        "--max-examples", os.environ.get("OUTFLOW_SCHEMATHESIS_EXAMPLES", "50"),
        "--seed", "4", "--workers", "2", "--request-timeout", "30", "--generation-database", "none",
        "--suppress-health-check", "all",
    ]
    proc = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stdout[-20000:] + proc.stderr[-5000:]
    assert "generated" in proc.stdout and "passed" in proc.stdout, proc.stdout[-5000:]
    assert "request failed" not in demo_server.log_path.read_text()
