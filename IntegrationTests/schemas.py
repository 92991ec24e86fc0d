"""Schema documents and record generators shared by the integration tests."""
import json
import random

EVENTS_SCHEMA = {
    "title": "Test events",
    "class": "ExperienceEvent",
    "fields": [
        {"name": "_id", "type": "string", "required": True},
        {"name": "timestamp", "type": "timestamp", "required": True},
        {"name": "ecid", "type": "string", "required": True, "identity": "ECID"},
        {"name": "email", "type": "string", "labels": ["I1", "C2"]},
        {"name": "web", "type": "struct", "fields": [
            {"name": "pageName", "type": "string"},
            {"name": "views", "type": "int32"},
        ]},
        {"name": "products", "type": "array", "items": {"type": "struct", "fields": [
            {"name": "sku", "type": "string", "required": True},
            {"name": "price", "type": "decimal", "precision": 18, "scale": 2},
        ]}},
        {"name": "revenue", "type": "decimal", "precision": 18, "scale": 2},
        {"name": "score", "type": "float64"},
        {"name": "big", "type": "int64"},
    ],
}

FLAT_SCHEMA = {
    "title": "Flat records",
    "class": "Record",
    "fields": [
        {"name": "_id", "type": "string", "required": True},
        {"name": "name", "type": "string"},
        {"name": "age", "type": "int32"},
        {"name": "joined", "type": "date"},
        {"name": "web", "type": "struct", "fields": [{"name": "pageName", "type": "string"}]},
    ],
}


def event(i: int, rng: random.Random) -> dict:
    rec = {
        "_id": f"evt-{i:06d}",
        "timestamp": f"2026-10-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:{(i * 7) % 60:02d}Z",
        "ecid": f"ecid-{i % 97}",
        "web": {"pageName": f"page {rng.randint(1, 50)}", "views": 1},
        "score": rng.random(),
        "big": 9_007_199_254_740_993 + i,  # beyond 2^53: must stay exact
    }
    if i % 5 == 0:
        rec["email"] = f"user{i}@example.com"
    if i % 10 == 0:
        rec["products"] = [{"sku": f"SKU-{j}", "price": f"{j}.99"} for j in range(1, 1 + i % 3)]
        rec["revenue"] = "12.34"
    return rec


def write_ndjson(path, records):
    with open(path, "w") as f:
        for r in records:
            f.write(json.dumps(r) + "\n")
