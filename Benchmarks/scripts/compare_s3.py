#!/usr/bin/env python3
"""Uploads the same files (1 GiB by default) to a local SeaweedFS with Outflow's S3 destination
(`outflow bench s3-put`, 8 MiB parts) and with `aws s3 cp --recursive` (awscli, 8 MiB multipart chunks), in the
same run, and prints MB/s for each. Not part of CI.

    swift build -c release --product outflow
    python3 -m venv /tmp/aws-venv && /tmp/aws-venv/bin/pip install awscli==1.46.2
    .venv/bin/python Benchmarks/scripts/compare_s3.py --aws /tmp/aws-venv/bin/aws --gib 1 --repeat 2
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "IntegrationTests"))
from peers.s3 import ADMIN, seaweedfs_server  # noqa: E402


def outflow_binary():
    for build in ("release", "debug"):
        path = ROOT / ".build" / build / "outflow"
        if path.exists():
            return str(path), build
    raise SystemExit("build outflow first: swift build -c release --product outflow")


def make_files(folder, gib, file_mib):
    folder.mkdir(parents=True, exist_ok=True)
    count = max(1, (gib * 1024) // file_mib)
    for i in range(count):
        with open(folder / f"part-{i:05d}.bin", "wb") as f:
            for _ in range(file_mib):
                f.write(os.urandom(1 << 20))
    return sorted(folder.iterdir())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gib", type=int, default=1)
    parser.add_argument("--file-mib", type=int, default=128)
    parser.add_argument("--part-mib", type=int, default=8)
    parser.add_argument("--parallel-parts", type=int, default=4)
    parser.add_argument("--files", type=int, default=2, help="files Outflow uploads at once")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--aws", default=shutil.which("aws") or "aws")
    args = parser.parse_args()
    binary, build = outflow_binary()
    work = Path(tempfile.mkdtemp(prefix="outflow-s3-bench-"))
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ADMIN["accessKey"], AWS_SECRET_ACCESS_KEY=ADMIN["secretKey"],
               AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE=str(work / "aws-config"))
    (work / "aws-config").write_text(
        "[default]\ns3 =\n    multipart_chunksize = %dMB\n    multipart_threshold = %dMB\n"
        "    addressing_style = path\n" % (args.part_mib, args.part_mib))
    try:
        files = make_files(work / "files", args.gib, args.file_mib)
        total = sum(f.stat().st_size for f in files)
        with seaweedfs_server() as peer:
            client = peer.client()
            client.create_bucket(Bucket="bench")
            results = {"outflow": [], "aws s3 cp": []}
            for round_ in range(args.repeat):
                start = time.monotonic()
                out = subprocess.run(
                    [binary, "bench", "s3-put", "--endpoint", peer.endpoint, "--bucket", "bench",
                     "--prefix", f"outflow-{round_}", "--part-size-mib", str(args.part_mib),
                     "--parallel-parts", str(args.parallel_parts), "--files", str(args.files),
                     *map(str, files)], env=env, capture_output=True, text=True, check=True)
                measured = json.loads(out.stdout.strip().splitlines()[-1])
                results["outflow"].append(measured["seconds"])
                print(f"outflow ({build}) round {round_}: {measured['seconds']:.2f} s "
                      f"(process {time.monotonic() - start:.2f} s)", file=sys.stderr)
                start = time.monotonic()
                subprocess.run([args.aws, "s3", "cp", "--recursive", "--only-show-errors", "--endpoint-url",
                                peer.endpoint, str(work / "files"), f"s3://bench/aws-{round_}/"], env=env, check=True)
                results["aws s3 cp"].append(time.monotonic() - start)
                print(f"aws s3 cp round {round_}: {results['aws s3 cp'][-1]:.2f} s", file=sys.stderr)
            # both copies are whole and identical to the source
            sample = files[0]
            digest = hashlib.md5(sample.read_bytes()).hexdigest()
            for prefix in ("outflow-0", "aws-0"):
                body = client.get_object(Bucket="bench", Key=f"{prefix}/{sample.name}")["Body"].read()
                assert hashlib.md5(body).hexdigest() == digest, prefix
                listed = client.list_objects_v2(Bucket="bench", Prefix=prefix + "/")
                assert sum(o["Size"] for o in listed.get("Contents", [])) == total, prefix
            assert client.list_multipart_uploads(Bucket="bench").get("Uploads", []) == []
        print(f"\n{total / 2**30:.2f} GiB in {len(files)} files, {args.part_mib} MiB parts, best of {args.repeat}")
        print("| tool | seconds | MB/s |\n|---|---|---|")
        for tool, times in results.items():
            best = min(times)
            print(f"| {tool} | {best:.2f} | {total / best / 1e6:.0f} |")
        print(f"outflow / aws speed ratio: {min(results['aws s3 cp']) / min(results['outflow']):.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
