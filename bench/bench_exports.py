"""Exports benchmark (issue 10 §2): the responses CSV of 100,000 submissions, and the tables CSV.

A fresh database (as bench_report.py makes it, without theming: the responses file reads no theme)
is seeded with `voices demo seed attitudes`, an analyst signs in over HTTP, and one `voices serve`
process is asked for each download: first straight after start-up, while the server reads the
survey's rows in the background (insight/warm.py: the request waits for that read), then N times
warm. A second server start measures the first request once start-up is over (the server's CPU
idle for a second): what an officer who is not the very first arrival sees. For each request the
time to the first byte of the body and to the last, as the client sees them, against the targets:
first byte within 200 ms, the whole file within 2 s.

    .venv/bin/python bench/bench_exports.py [--submissions 100000] [--requests 5] [--engines sqlite]
        [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_http import _cpu_seconds, database, free_port, server
from bench_report import BIN, EMAIL, SECRET, SURVEY, kept_database, sign_in, step

TARGET_FIRST_MS, TARGET_LAST_MS = 200.0, 2000.0
NAMES = ("responses.csv", "tables.csv")
console = Console(width=150)


def prepare(env: dict[str, str], submissions: int) -> str:
    """Migrate, load, seed, create the analyst; the set-password link's path."""
    voices = str(BIN / "voices")
    step("migrate", [voices, "migrate"], env)
    step("surveys load", [voices, "surveys", "load"], env)
    step(f"demo seed {submissions:,}", [voices, "demo", "seed", SURVEY, "--submissions", str(submissions)], env)
    out = step("officers create", [voices, "officers", "create", EMAIL, "--role", "analyst"], env)
    return urlsplit(next(line for line in out.splitlines() if "/set-password/" in line).strip()).path


def timed_download(client: httpx.Client, path: str) -> tuple[float, float, int]:
    """(ms to the first byte of the body, ms to the last, lines)."""
    started = time.perf_counter()
    first, lines = None, 0
    with client.stream("GET", path) as response:
        if response.status_code != 200:
            sys.exit(f"{path} gave {response.status_code}")
        for chunk in response.iter_bytes():
            if first is None and chunk:
                first = time.perf_counter()
            lines += chunk.count(b"\n")
    ended = time.perf_counter()
    return 1000 * ((first or ended) - started), 1000 * (ended - started), lines


def new_link(env: dict[str, str]) -> str:
    """A fresh set-password link's path for the analyst."""
    out = step("officers reset-password", [str(BIN / "voices"), "officers", "reset-password", EMAIL], env)
    return urlsplit(next(line for line in out.splitlines() if "/set-password/" in line).strip()).path


def wait_idle(pid: int, quiet_seconds: float = 1.0, limit_seconds: float = 300.0) -> float:
    """Wait until the server has used no CPU for `quiet_seconds`: its start-up reads are done.
    Returns the seconds waited."""
    started = time.perf_counter()
    used = _cpu_seconds(pid)
    while time.perf_counter() - started < limit_seconds:
        time.sleep(quiet_seconds)
        now = _cpu_seconds(pid)
        if now - used < 0.02 * quiet_seconds:
            break
        used = now
    return time.perf_counter() - started


def run_engine(engine: str, args: argparse.Namespace, workdir: Path) -> list[list[str]]:
    rows = []
    with kept_database(engine, workdir) if args.keep else database(engine, workdir) as url:
        env = {**os.environ, "VOICES_DATABASE_URL": url, "VOICES_VAR_DIR": str(workdir), "VOICES_SECRET_KEY": SECRET}
        prepared = workdir / ("prepared-exports" if engine == "sqlite" else "prepared-exports-postgres")
        if args.keep and prepared.exists():
            link_path = new_link(env)
        else:
            link_path = prepare(env, args.submissions)
            if args.keep:
                prepared.write_text(f"{args.submissions}\n")
        serve = [str(BIN / "voices"), "serve"]
        after_start: dict[str, tuple[float, float, int]] = {}
        port = free_port()
        with server([*serve, "--port", str(port)], env, port) as (base, pid):
            cookies = sign_in(base, link_path)
            waited = wait_idle(pid)
            console.print(f"{engine}: the server's start-up reads ended {waited:.1f} s after sign-in")
            with httpx.Client(base_url=base, cookies=cookies, timeout=120) as client:
                for name in NAMES:
                    after_start[name] = timed_download(client, f"/officers/reports/{SURVEY}/{name}")
        port = free_port()
        with server([*serve, "--port", str(port)], env, port) as (base, _):
            cookies = sign_in(base, new_link(env))  # a set-password link works once
            with httpx.Client(base_url=base, cookies=cookies, timeout=120) as client:
                for name in NAMES:
                    path = f"/officers/reports/{SURVEY}/{name}"
                    first_ever = timed_download(client, path)
                    warm = [timed_download(client, path) for _ in range(args.requests)]
                    first = statistics.median(w[0] for w in warm)
                    last = statistics.median(w[1] for w in warm)
                    idle = after_start[name]
                    met = all(w[0] <= TARGET_FIRST_MS and w[1] <= TARGET_LAST_MS for w in [*warm, idle])
                    rows.append([
                        engine, name, f"{first_ever[2] - 1:,}", f"{first_ever[0]:,.0f} / {first_ever[1]:,.0f}",
                        f"{idle[0]:,.0f} / {idle[1]:,.0f}",
                        f"{first:,.0f}", f"{max(w[0] for w in warm):,.0f}", f"{last:,.0f}", f"{max(w[1] for w in warm):,.0f}",
                        "yes" if met else "no",
                    ])  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=5, help="warm requests of each download")
    parser.add_argument("--engines", default="sqlite")
    parser.add_argument("--keep", type=Path, default=None,
                        help="work in DIR and keep the databases; a later run with the same DIR reuses them")
    args = parser.parse_args()
    started, load_before = time.perf_counter(), os.getloadavg()
    rows: list[list[str]] = []
    for engine in args.engines.split(","):
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            rows += run_engine(engine, args, args.keep)
        else:
            with tempfile.TemporaryDirectory() as workdir:
                rows += run_engine(engine, args, Path(workdir))
    table = Table(title=f"Exports of {args.submissions:,} submissions, one server process, httpx client, ms")
    for heading in ("engine", "download", "lines", "at start-up: first / last", "after start-up: first / last",
                    "first byte median", "max",
                    "last byte median", "max", f"≤ {TARGET_FIRST_MS:.0f} / {TARGET_LAST_MS:.0f}"):
        table.add_column(heading, justify="left" if heading in ("engine", "download") else "right")
    for row in rows:
        table.add_row(*row)
    console.print(table)
    load_after = os.getloadavg()
    console.print(
        f"load average {load_before[0]:.1f} at the start, {load_after[0]:.1f} at the end; {os.cpu_count()} CPUs; "
        f"total {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
