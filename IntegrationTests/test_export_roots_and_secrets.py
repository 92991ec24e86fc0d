"""Local-folder exports stay under OUTFLOW_EXPORT_ROOTS; the credential key comes from a setting or a file, and
`outflow secrets rotate` re-seals every stored credential (SECURITY.md)."""
import base64
import os
import subprocess

from conftest import outflow_bin
from export_cli import export_run, make_dataset


def serve_exit(outflow, env):
    """`outflow serve` that must refuse to start: its exit code and stderr."""
    full_env = dict(os.environ, OUTFLOW_DATA_DIR=str(outflow.data_dir), **env)
    proc = subprocess.run([outflow_bin(), "serve", "--port", "1"], capture_output=True, text=True, env=full_env,
                          timeout=60)
    return proc.returncode, proc.stderr


def test_export_roots_overlapping_the_data_directory_stop_serve(outflow):
    for root in (outflow.data_dir / "lake", outflow.data_dir, outflow.data_dir.parent):
        code, stderr = serve_exit(outflow, {"OUTFLOW_EXPORT_ROOTS": str(root)})
        assert code == 2, stderr
        assert "overlaps the data directory" in stderr and "OUTFLOW_EXPORT_ROOTS" in stderr


def test_export_run_outside_the_roots_is_refused_and_writes_nothing(outflow, tmp_path):
    make_dataset(outflow, tmp_path, batches=(10,))
    for folder in (tmp_path / "elsewhere", outflow.data_dir / "lake" / "prod"):
        proc, _ = export_run(outflow, "--dataset", "events", "--to", folder, check=False)
        assert proc.returncode == 2, proc.stderr
        assert "--to" in proc.stderr and "OUTFLOW_EXPORT_ROOTS" in proc.stderr
    assert not (tmp_path / "elsewhere").exists()
    # The default root, <data>/exports, works when the setting is empty.
    _, summary = export_run(outflow, "--dataset", "events", "--to", outflow.data_dir / "exports" / "a",
                            env={"OUTFLOW_EXPORT_ROOTS": ""})
    assert summary["status"] == "success" and summary["rows"] == 10


def test_bad_credential_key_settings_stop_serve(outflow, tmp_path):
    key = base64.b64encode(os.urandom(32)).decode()
    key_file = tmp_path / "k"
    key_file.write_text(key)
    for env, reason in (({"OUTFLOW_SECRETS_KEY": key, "OUTFLOW_SECRETS_KEY_FILE": str(key_file)}, "not both"),
                        ({"OUTFLOW_SECRETS_KEY": base64.b64encode(b"short").decode()}, "must be 32 bytes"),
                        ({"OUTFLOW_SECRETS_KEY_FILE": str(tmp_path / "missing")}, "does not exist")):
        code, stderr = serve_exit(outflow, env)
        assert code == 2 and reason in stderr, stderr
        assert key not in stderr


def test_secrets_rotate_reseals_and_the_next_commands_use_the_new_key(outflow, tmp_path):
    make_dataset(outflow, tmp_path, batches=(10,))
    key = base64.b64encode(os.urandom(32)).decode()
    env = {"OUTFLOW_SECRETS_KEY": key}
    _, first = export_run(outflow, "--dataset", "events", "--to", tmp_path / "out", env=env)
    assert first["status"] == "success"
    assert not (outflow.data_dir / "secrets.key").exists()
    proc = outflow.run("secrets", "rotate", env=env, check=False)
    assert proc.returncode == 2 and "--new-key-file" in proc.stderr
    new_file = tmp_path / "new.key"
    proc = outflow.run("secrets", "rotate", "--new-key-file", new_file, env=env)
    assert "re-sealed the credentials of 1 connection(s)" in proc.stdout
    assert f"OUTFLOW_SECRETS_KEY_FILE={new_file}" in proc.stdout
    assert oct(new_file.stat().st_mode & 0o777) == "0o600"
    # The old key no longer opens the catalog; the new file does, and the flow runs again.
    proc, _ = export_run(outflow, "--dataset", "events", "--to", tmp_path / "out", env=env, check=False)
    assert proc.returncode == 2 and "does not open the stored credentials" in proc.stderr
    _, second = export_run(outflow, "--dataset", "events", "--to", tmp_path / "out",
                           env={"OUTFLOW_SECRETS_KEY_FILE": str(new_file)})
    assert second["status"] == "success" and second["flowId"] == first["flowId"]
