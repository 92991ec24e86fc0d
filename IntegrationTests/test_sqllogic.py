"""Differential SQL tests: every `sqllogic/cases/*.slt` file against PostgreSQL 15 (its expected results are
PostgreSQL's), DuckDB (except queries marked `# duckdb differs`), and Outflow's engine once `outflow query`
exists (OUTFLOW_SQL_ENGINE=auto|on|off). See sqllogic/README.md."""
import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import outflow_bin
from sqllogic import runner
from sqllogic.backends import engine_available
from sqllogic.slt import parse

FILES = sorted(runner.CASES.glob("*.slt"))


@pytest.fixture(scope="module")
def demo(postgres_peer):
    """`outflow demo` into a temporary folder, loaded into PostgreSQL (DuckDB reads the Parquet files)."""
    if not Path(outflow_bin()).exists():
        pytest.skip(f"no outflow binary at {outflow_bin()} for the demo datasets")
    work = Path(tempfile.mkdtemp(prefix="outflow-slt-demo-"))
    yield runner.setup_demo(outflow_bin(), work, postgres_peer)
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def use_engine():
    return engine_available()


def test_corpus_is_large_enough():
    assert sum(isinstance(r, runner.Query) for f in FILES for r in parse(f).records) >= 400


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_slt_file(path, postgres_peer, use_engine, request):
    demo = request.getfixturevalue("demo") if parse(path).datasets else None
    report = runner.run_file(path, postgres_peer, demo, use_duckdb=True, use_engine=use_engine)
    assert report.passed, runner.format_report([report], verbose=True)
    assert report.queries + report.statements > 0
