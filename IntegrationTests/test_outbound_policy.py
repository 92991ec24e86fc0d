"""The outbound network policy (SECURITY.md, `## Outbound connections`), end to end on loopback only: with no
`OUTFLOW_OUTBOUND_ALLOW` an S3 connection whose endpoint is 127.0.0.1 fails `test` at the connect step and its
runs fail, both naming the rule and the setting, and nothing reaches the bucket; with `127.0.0.0/8` allowed the
same connection works; an endpoint on Outflow's own HTTP port fails even then, without Outflow's answer coming
back. Link-local and private ranges are covered by the pure policy's unit tests (`OutboundPolicyTests`): no test
sends traffic outside 127.0.0.0/8."""
import json
import random

from conftest import Outflow, start_server, stop_server
from schemas import event
from test_destination_s3 import connection_test, create_base, create_dataset, create_flow, run_errors, run_flow, \
    s3_auth


def test_a_loopback_endpoint_is_refused_naming_the_rule_and_the_setting(tmp_path, seaweedfs):
    bucket = seaweedfs.make_bucket("outbound-refused")
    server = start_server(Outflow(tmp_path / "data"), env={"OUTFLOW_OUTBOUND_ALLOW": ""})
    try:
        base = create_base(server, s3_auth(seaweedfs))
        report = connection_test(server, base, {"bucketName": bucket, "path": "out"})
        assert report["failedStep"] == "connect" and report["passed"] == [], report
        message = report["error"]["message"]
        assert "loopback address 127.0.0.1 refused by the outbound policy" in message, report
        assert "OUTFLOW_OUTBOUND_ALLOW" in message, report
        assert report["error"]["code"] == "permission" and report["error"]["serviceCode"] == "OutboundPolicy"
        dataset_id = create_dataset(server, [event(i, random.Random(i)) for i in range(20)])
        flow = create_flow(server, dataset_id, base, {"bucketName": bucket, "path": "out", "datasetFileType": "JSON"})
        run = run_flow(server, flow)
        assert run["status"] == "failed", run
        errors = run_errors(run)
        assert "loopback address 127.0.0.1 refused by the outbound policy" in errors, errors
        assert "OUTFLOW_OUTBOUND_ALLOW" in errors, errors
    finally:
        stop_server(server)
    assert seaweedfs.objects(bucket) == {}


def test_allowing_loopback_lets_the_same_connection_through(tmp_path, seaweedfs):
    bucket = seaweedfs.make_bucket("outbound-allowed")
    server = start_server(Outflow(tmp_path / "data"), env={"OUTFLOW_OUTBOUND_ALLOW": "127.0.0.0/8"})
    try:
        base = create_base(server, s3_auth(seaweedfs))
        report = connection_test(server, base, {"bucketName": bucket, "path": "out"})
        assert report.get("failedStep") is None, report
    finally:
        stop_server(server)


def test_outflows_own_port_is_refused_even_when_loopback_is_allowed(tmp_path, seaweedfs):
    server = start_server(Outflow(tmp_path / "data"), env={"OUTFLOW_OUTBOUND_ALLOW": "127.0.0.0/8,::1"})
    try:
        own = dict(s3_auth(seaweedfs), endpoint=server.base)
        base = create_base(server, own)
        report = connection_test(server, base, {"bucketName": "anything", "path": "out"})
        assert report["failedStep"] == "connect", report
        port = server.base.rsplit(":", 1)[1]
        assert f"127.0.0.1:{port} is Outflow's own listener, refused by the outbound policy always" \
            in report["error"]["message"], report
        dataset_id = create_dataset(server, [event(i, random.Random(i)) for i in range(5)])
        flow = create_flow(server, dataset_id, base, {"bucketName": "anything", "path": "out",
                                                      "datasetFileType": "JSON"})
        run = run_flow(server, flow)
        assert run["status"] == "failed", run
        errors = run_errors(run)
        assert "Outflow's own listener" in errors, errors
        # Nothing of Outflow's own answer (its problem+json or catalog) comes back through the connection.
        assert "problem" not in json.dumps(report).lower() and "dataSets" not in errors
    finally:
        stop_server(server)


def test_a_malformed_allow_list_stops_the_server_with_the_setting_named(tmp_path):
    outflow = Outflow(tmp_path / "data")
    proc = outflow.run("serve", "--host", "127.0.0.1", "--port", "1", check=False,
                       env={"OUTFLOW_OUTBOUND_ALLOW": "127.0.0.0/8,10.0.0.0/99"}, timeout=60)
    assert proc.returncode == 2, proc
    assert "OUTFLOW_OUTBOUND_ALLOW: '10.0.0.0/99' is neither a CIDR" in proc.stderr, proc.stderr
