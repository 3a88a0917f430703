"""Timing helpers: repeated runs with a time budget, and child processes with a time limit and their peak memory."""

from __future__ import annotations

import contextlib
import json
import math
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def hwm_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory of a live process's current image (VmHWM), or None where /proc has no such figure.

    Not ru_maxrss: Linux carries the parent's high-water mark over fork + exec into the child's
    ru_maxrss, so a child started by a harness holding a 50,000-claim corpus would report the
    harness's memory, not its own.
    """
    return _status_mb(pid, "VmHWM:")


def _status_mb(pid: int | str, field: str) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def family_rss_mb(pid: int) -> float:
    """Resident memory now of a process plus its child processes (argmap render's band helper).

    Summed VmRSS: pages the two share after fork count twice, so this errs on the high side.
    """
    total = _status_mb(pid, "VmRSS:") or 0.0
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            kids = [int(k) for k in fh.read().split()]
    except (OSError, ValueError):
        kids = []
    return total + sum(_status_mb(k, "VmRSS:") or 0.0 for k in kids)


def peak_rss_mb() -> float:
    """This process's peak resident memory so far."""
    hwm = hwm_mb()
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100): a frame time that really happened, not an interpolation."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[k]


def median(values: list[float]) -> float:
    return statistics.median(values)


def repeat(fn: Callable[[], object], runs: int, budget_s: float) -> list[float]:
    """Wall times of up to `runs` calls of fn; stops early once `budget_s` is spent (always at least one run)."""
    times: list[float] = []
    spent = 0.0
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        times.append(dt)
        spent += dt
        if spent >= budget_s:
            break
    return times


@dataclass
class ProcResult:
    seconds: float
    max_rss_mb: float
    returncode: int | None  # None when killed at the time limit
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def last_error_line(self) -> str:
        lines = [ln for ln in self.stderr.strip().splitlines() if ln.strip()]
        return lines[-1][:200] if lines else f"exit status {self.returncode}"


@dataclass
class ProcSpec:
    cmd: list[str]
    timeout_s: float
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path = ROOT


def run_process(spec: ProcSpec) -> ProcResult:
    """Run a command; wall time and peak RSS (VmHWM, or with its children summed, polled); killed at the time limit."""
    env = {**os.environ, **spec.env}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(spec.cmd, stdout=out, stderr=err, env=env, cwd=spec.cwd, start_new_session=True)
        peak, timed_out, status, usage = 0.0, False, 0, None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            hwm = hwm_mb(proc.pid)
            if hwm is not None:  # its own high-water mark, or it and its helpers together, whichever is more
                peak = max(peak, hwm, family_rss_mb(proc.pid))
            if time.perf_counter() - t0 > spec.timeout_s and not timed_out:
                timed_out = True
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
            time.sleep(0.005 if time.perf_counter() - t0 < 1 else 0.02)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if peak == 0.0 and usage is not None:  # no /proc: the (over-)estimate is better than nothing
        peak = usage.ru_maxrss / 1024
    return ProcResult(seconds, peak, None if timed_out else proc.returncode, stdout, stderr, timed_out)


def python_module(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


def json_from(result: ProcResult) -> dict | None:
    """The last line of a worker's stdout, parsed as JSON (workers print one JSON object last)."""
    for line in reversed(result.stdout.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                return None
    return None
