"""Helpers for the `outflow export` tests: a dataset ingested in several batches through the CLI."""
import json
import random

from schemas import EVENTS_SCHEMA, event, write_ndjson

DECIMALS = ("revenue", "products.price")


def make_dataset(outflow, tmp_path, name="events", batches=(600, 600, 600, 600), seed=7) -> tuple[str, list[dict]]:
    """Creates `name` with the events schema and ingests one batch per count; returns (dataset id, records)."""
    schema_file = tmp_path / f"{name}.schema.json"
    schema_file.write_text(json.dumps(EVENTS_SCHEMA))
    outflow.run("dataset", "create", "--name", name, "--schema", schema_file)
    records = []
    for count in batches:
        records += ingest(outflow, tmp_path, name, len(records), count, seed)
    return outflow.json("dataset", "show", name)["id"], records


def ingest(outflow, tmp_path, name, start, count, seed=7) -> list[dict]:
    rng = random.Random(seed + start)
    records = [event(i, rng) for i in range(start, start + count)]
    path = tmp_path / f"{name}-{start}.ndjson"
    write_ndjson(path, records)
    batch = outflow.json("ingest", "--dataset", name, "--json", path)
    assert batch["status"] == "success", batch
    return records


def export_run(outflow, *args, env=None, check=True):
    """`outflow export run ... --json`; returns (process, parsed summary or None)."""
    proc = outflow.run("export", "run", *args, "--json", env=env, check=check)
    summary = json.loads(proc.stdout) if proc.stdout.strip() else None
    return proc, summary


def export_runs(outflow, flow_id) -> list[dict]:
    return outflow.json("export", "runs", flow_id, "--json")
