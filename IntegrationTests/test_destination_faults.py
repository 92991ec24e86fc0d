"""The fault matrix: every networked destination (`destinations.py`) exports the same dataset through a
`FaultProxy` placed between Outflow and the peer, once per fault:

- `reset`: the first connection is reset (RST) 1 MB into the upload of a ~3.5 MB file;
- `stall`: the first connection is accepted but never answered (blackhole), for longer than the destination's
  per-request timeout (`timeoutSeconds` = 2): the attempt times out and the delivery is retried;
- `slow`: every connection is capped at 4 MB/s in each direction.

Each export must succeed in its first run attempt (the destination and the executor retry within it), deliver
files byte-identical to a clean export of the same dataset to a local folder (same SHA-256 per part), hold
exactly the dataset's records, and leave nothing staged, temporary or uncommitted at the peer."""
import hashlib
import random
import string

import pytest

import flow_service as fs
from conftest import Outflow, start_server, stop_server
from destinations import NETWORKED, LocalAdapter, create_flow, make_adapter
from export_checks import check_export
from faultproxy import FaultProxy
from schemas import EVENTS_SCHEMA, event

ROWS = 3_000
EMAIL_CHARS = 1_000          # ~3.5 MB of JSON in one part file
FILE_TYPE, COMPRESSION = "JSON", "NONE"
TIMEOUT_SECONDS = 2
FAULTS = {
    "reset": ("reset", {"after_bytes": 1_000_000, "times": 1}),
    "stall": ("blackhole", {"times": 1}),
    "slow": ("bandwidth", {"bytes_per_s": 4_000_000}),
}


def full_export():
    """Daily full exports starting tomorrow: only the ad hoc runs of the test happen."""
    return {"exportMode": "DAILY_FULL_EXPORT", "timeUnit": "day", "interval": 1,
            "startTime": fs.hourly_incremental()["startTime"]}


def part_digests(summary, objects):
    return sorted(hashlib.sha256(objects[p]).hexdigest() for p in summary.part_files)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The exporting server, one dataset, and the part digests of its clean export to a local folder."""
    root = tmp_path_factory.mktemp("faults")
    outflow = Outflow(root / "data")
    server = start_server(outflow)
    rng = random.Random(17)
    records = [event(i, rng) for i in range(ROWS)]
    for rec in records:
        rec["email"] = "".join(rng.choices(string.ascii_letters + string.digits, k=EMAIL_CHARS))
    dataset_id = fs.dataset_with(server, records, name="fault-matrix", schema=EVENTS_SCHEMA)
    local = LocalAdapter(root / "local")
    target = local.target("clean")
    run = fs.wait_run(server, fs.start_run(server, create_flow(
        server, dataset_id, target, FILE_TYPE, COMPRESSION, name="clean", schedule=full_export())["flow"]))
    assert run["status"] == "success", run
    objects = local.read_objects(target.prefix)
    summary = check_export(objects, dataset_id, records, prefix=target.prefix, file_type=FILE_TYPE,
                           compression=COMPRESSION)
    assert max(len(objects[p]) for p in summary.part_files) > 3 * FAULTS["reset"][1]["after_bytes"]
    yield server, outflow, root, dataset_id, records, part_digests(summary, objects)
    stop_server(server)


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("destination", NETWORKED)
def test_export_through_a_fault_completes_byte_identical_with_nothing_left(request, live, destination, fault):
    server, outflow, root, dataset_id, records, clean = live
    adapter = make_adapter(request, destination, root / "local", outflow.data_dir)
    mode, options = FAULTS[fault]
    with FaultProxy(adapter.upstream_port) as proxy:
        target = adapter.target(f"fault-{fault}", port=proxy.port, timeout=TIMEOUT_SECONDS)
        flow = create_flow(server, dataset_id, target, FILE_TYPE, COMPRESSION, name=f"{destination}-{fault}",
                           schedule=full_export())["flow"]
        proxy.set_mode(mode, **options)
        run = fs.wait_run(server, fs.start_run(server, flow))
        stats = dict(proxy.stats)
    assert run["status"] == "success" and run["attempts"] == 1, run
    if fault == "reset":
        assert stats["resets"] == 1, stats
    elif fault == "stall":
        assert stats["connections"] >= 2, stats  # the stalled one, then the retry
    else:
        assert stats["bytes_up"] > 3 * 1_000_000, stats

    objects = adapter.read_objects(target.prefix)
    assert not adapter.leftovers(target.prefix), f"left behind: {adapter.leftovers(target.prefix)}"
    summary = check_export(objects, dataset_id, records, prefix=target.prefix, file_type=FILE_TYPE,
                           compression=COMPRESSION, use_duckdb=False)
    assert part_digests(summary, objects) == clean, "the delivered parts differ from a clean export"


@pytest.mark.parametrize("destination", NETWORKED)
def test_leftover_checks_see_staged_and_uncommitted_state(request, live, destination):
    """The matrix's "nothing left" is not vacuous: a staged file, an open multipart upload or an uncommitted
    block planted with the independent client is reported, and is not taken for a delivered object."""
    _, outflow, root, _, _, _ = live
    adapter = make_adapter(request, destination, root / "local", outflow.data_dir)
    prefix = "planted"
    assert not adapter.leftovers(prefix)
    adapter.plant_leftover(prefix)
    assert adapter.leftovers(prefix)
    assert adapter.read_objects(prefix) == {}
