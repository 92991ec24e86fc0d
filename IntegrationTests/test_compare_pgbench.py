"""Benchmarks/scripts/compare_pgbench.py end to end on a small demo (issue 14): its own PostgreSQL 15 cluster over
the flat rows, and, standing in for Outflow's endpoint, the client tests' PostgreSQL target (the demo's nested
rows in database `prod`, pgclients/target.py) reached through `--outflow-port`. Each pgbench script must run with
no failed transaction on both, and COPY must stream every row from both."""
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT, Outflow, outflow_bin
from pgclients.target import load_postgres_target

sys.path.insert(0, str(ROOT / "Benchmarks" / "scripts"))
import compare_sql  # noqa: E402

EVENTS = 2000


@pytest.fixture
def work():
    # Not under pytest's tmp dir: the script's PostgreSQL cluster runs as another user, kept out by 0700 parents.
    path = Path(tempfile.mkdtemp(prefix="outflow-pgbench-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_compare_pgbench_runs_both_servers_and_reports(work, postgres_peer):
    if not Path(outflow_bin()).exists():
        pytest.skip(f"no outflow binary at {outflow_bin()} for the demo datasets")
    data = work / "demo"
    Outflow(data).run("demo", "--events", EVENTS, "--seed", 42)
    stand_in = load_postgres_target(postgres_peer, compare_sql.lake_files(outflow_bin(), data))
    proc = subprocess.run(
        [sys.executable, str(ROOT / "Benchmarks" / "scripts" / "compare_pgbench.py"), "--events", str(EVENTS),
         "--data", str(data), "--outflow", outflow_bin(), "--duration", "1", "--clients", "2", "--threads", "1",
         "--outflow-port", str(stand_in.port), "--outflow-user", stand_in.user,
         "--outflow-password", stand_in.password, "--outflow-database", stand_in.database],
        capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    table = proc.stdout[proc.stdout.index("| workload"):]
    assert "PostgreSQL 15 tps" in table and "Outflow tps" in table, table
    for workload in ("point", "aggregate"):
        row = next(line for line in table.splitlines() if line.startswith(f"| {workload}:"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert float(cells[1]) > 0 and cells[2] == "0 / 0", row
        assert float(cells[3]) > 0 and cells[4] == "0 / 0", row
    copy_row = next(line for line in table.splitlines() if "\\copy" in line)
    assert len(re.findall(rf"\d+\.\d\d s \({EVENTS:,} rows\)", copy_row)) == 2, copy_row
