"""Runs a command and writes its exit code and peak RSS (bytes) as JSON to a file:

    python peak_rss.py RESULT_JSON TIMEOUT_SECONDS COMMAND [ARG...]

Why a launcher: Linux carries a process's peak RSS across fork and exec (a forked child starts with its parent's
resident pages, and exec keeps the old peak in the process's `maxrss`), so a command spawned straight from a big
pytest worker reports at least the worker's size. This launcher starts as a fresh, small process, so the command
it forks reports only its own peak (`os.wait4`). The stdout and stderr of the command are inherited."""
import json
import os
import subprocess
import sys
import threading


def main():
    result, timeout, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    proc = subprocess.Popen(command)
    watchdog = threading.Timer(timeout, proc.kill)  # a hang ends as SIGKILL instead of stalling the test
    watchdog.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        watchdog.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    with open(result, "w") as f:
        json.dump({"exit": proc.returncode, "peakRSS": usage.ru_maxrss * 1024}, f)  # ru_maxrss is KiB on Linux


if __name__ == "__main__":
    main()
