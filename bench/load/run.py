"""Load bench (issue 14 §4): simulated respondents walk real surveys against real servers.

For each run: a database of its own (a SQLite file in a temporary directory, or a new PostgreSQL
database on the `test` server, dropped afterwards), migrated and loaded with the shipped surveys
as `make run` does; one or two `voices serve` processes on loopback ports; Locust
(bench/load/respondents.py) with N people and one replaying script, all from 127.0.0.1, as if
behind one shared address, under the default rate limits. Prints per-step latency (whole run,
the first five seconds, the rest), 5xx counts, acknowledged against stored submissions, what the
script got, and what the start looked like from outside Locust: a probe's latency on its own
connection and the listening sockets' accept queues.

    .venv/bin/python bench/load/run.py [--runs sqlite-1,postgres-2] [--start simultaneous]
        [--users 200] [--seconds 60] [--ramp-seconds 20] [--min-seconds 3] [--json FILE]

--start: `simultaneous` (every person starts in the first second), `ramped` (spread over
--ramp-seconds), or `warm` (simultaneous, after a 20-person warm-up of 20 s on the same servers).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import asyncpg
import httpx
import numpy as np
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.bench_http import database  # noqa: E402 - after the path is set
from tests import live_server as live_servers  # noqa: E402
from tests.live_server import LiveServer, live_server, prepare, server_env  # noqa: E402

# A server loads spaCy before it answers: on this shared machine, under others' tests, that has
# taken longer than the tests' three minutes.
live_servers.STARTUP_SECONDS = 600

LOCUST = ROOT / ".venv" / "bin" / "locust"
LOCUSTFILE = Path(__file__).with_name("respondents.py")
SECRET = "load-bench-secret-key-load-bench-secret-key"
SCRIPTS = 4  # copies of the replaying script running at once, besides the people
FIRST_SECONDS = 5.0  # the window the cold-start tail was seen in
STEPS = ("1 GET form", "2 POST start", "3 POST answer", "4 POST send")


@dataclass
class Outcome:
    run: str
    start: str
    users: int
    seconds: int
    steps: dict[str, dict[str, float]] = field(default_factory=dict)
    integrity: dict[str, int] = field(default_factory=dict)
    script: dict[str, int] = field(default_factory=dict)
    start_view: dict[str, float] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)  # by step, status and error


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return {"n": len(values), "p50": p50, "p95": p95, "p99": p99, "max": max(values)}


@contextmanager
def servers(env: dict[str, str], count: int, workdir: Path) -> Iterator[list[LiveServer]]:
    with ExitStack() as stack:
        yield [stack.enter_context(live_server(env, workdir / f"server-{n}.log")) for n in range(count)]


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children (the server and its redaction process)."""
    total = 0.0
    for process in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


class StartWatch:
    """While Locust runs: a probe's GET latency on a connection of its own, one request at a time,
    and the servers' accept queues (a listening socket's rx_queue in /proc/net/tcp: connections
    the kernel has completed and the server has not yet accepted), each with the time it was seen."""

    def __init__(self, urls: list[str]) -> None:
        self.urls = urls
        self.ports = {f"{int(url.rsplit(':', 1)[1]):04X}" for url in urls}
        self.probe: list[tuple[float, float]] = []  # (time, ms)
        self.accept_queue: list[tuple[float, int]] = []  # (time, deepest queue of the servers)
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._probe), threading.Thread(target=self._sample)]

    def __enter__(self) -> StartWatch:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def _probe(self) -> None:
        with httpx.Client(timeout=60) as client:
            while not self._stop.is_set():
                started = time.perf_counter()
                client.get(self.urls[len(self.probe) % len(self.urls)] + "/surveys/awareness")
                self.probe.append((time.time(), (time.perf_counter() - started) * 1000))
                self._stop.wait(0.05)

    def _sample(self) -> None:
        while not self._stop.is_set():
            depth = 0
            for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == "0A" and fields[1].rsplit(":", 1)[1] in self.ports:  # 0A: LISTEN
                    depth = max(depth, int(fields[4].split(":")[1], 16))
            self.accept_queue.append((time.time(), depth))
            self._stop.wait(0.02)


def _busy_seconds(samples: list[tuple[float, int]], began: float, first: bool) -> float:
    """Seconds in the window during which the accept queue was not empty, from consecutive samples."""
    pairs = zip(samples, samples[1:])
    return sum(b[0] - a[0] for a, b in pairs if a[1] > 0 and a[0] >= began and (a[0] - began < FIRST_SECONDS) == first)


def _window(samples: list[tuple[float, float]], began: float, first: bool) -> list[float]:
    return [value for at, value in samples if (at - began < FIRST_SECONDS) == first and at >= began]


def run_locust(env: dict[str, str], urls: list[str], users: int, spawn_rate: float, seconds: int, out: Path) -> float:
    """Locust headless, N people and the script's copies; returns the client's CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [str(LOCUST), "-f", str(LOCUSTFILE), "--headless", "--users", str(users + SCRIPTS),
         "--spawn-rate", str(spawn_rate), "--run-time", f"{seconds}s", "--stop-timeout", "40",
         "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"],
        env={**env, "VOICES_LOAD_HOSTS": ",".join(urls), "VOICES_LOAD_SCRIPTS": str(SCRIPTS),
             "VOICES_LOAD_RECORD": str(out / "requests.jsonl"),
             "VOICES_LOAD_ACKNOWLEDGED": str(out / "acknowledged.txt")},
        check=True, stdout=(out / "locust.log").open("w"), stderr=subprocess.STDOUT,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def stored(url: str) -> tuple[set[str], int]:
    """The spent-token hashes stored (one per submission, written in its transaction) and the submissions."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            hashes = {row[0] for row in connection.execute("SELECT token_hash FROM spent_form_token")}
            return hashes, connection.execute("SELECT count(*) FROM submission").fetchone()[0]

    async def read() -> tuple[set[str], int]:
        connection = await asyncpg.connect(url)
        try:
            hashes = {row[0] for row in await connection.fetch("SELECT token_hash FROM spent_form_token")}
            return hashes, await connection.fetchval("SELECT count(*) FROM submission")
        finally:
            await connection.close()

    return asyncio.run(read())


def one_run(name: str, start: str, args: argparse.Namespace, workdir: Path) -> Outcome:
    engine, processes = name.split("-")
    outcome = Outcome(name, start, args.users, args.seconds)
    with database(engine, workdir) as url:
        env = server_env(
            url, workdir, VOICES_SECRET_KEY=SECRET, VOICES_MIN_SECONDS_TO_COMPLETE=str(args.min_seconds)
        )
        prepare(env)
        with servers(env, int(processes), workdir) as running:
            urls = [server.url for server in running]
            acknowledged: list[str] = []
            if start == "warm":
                warm = workdir / "warm"
                warm.mkdir()
                run_locust(env, urls, 20, 20, 20, warm)
                acknowledged += (warm / "acknowledged.txt").read_text().split()
            cpu_before = sum(cpu_seconds(server.process.pid) for server in running)
            spawn_rate = args.users / args.ramp_seconds if start == "ramped" else args.users
            with StartWatch(urls) as watch:
                client_cpu = run_locust(env, urls, args.users, spawn_rate, args.seconds, workdir)
            server_cpu = sum(cpu_seconds(server.process.pid) for server in running) - cpu_before
        # The servers have stopped (every queued submission committed): now count what is stored.
        hashes, submissions = stored(url)
    requests = [json.loads(line) for line in (workdir / "requests.jsonl").read_text().splitlines()]
    acknowledged += (workdir / "acknowledged.txt").read_text().split()
    began = min(r["at"] for r in requests)
    for step in STEPS:
        mine = [r for r in requests if r["step"] == step]
        first = [r["ms"] for r in mine if r["at"] - began < FIRST_SECONDS]
        after = [r["ms"] for r in mine if r["at"] - began >= FIRST_SECONDS]
        outcome.steps[step] = {
            **{f"all_{k}": v for k, v in percentiles([r["ms"] for r in mine]).items()},
            **{f"first_{k}": v for k, v in percentiles(first).items()},
            **{f"after_{k}": v for k, v in percentiles(after).items()},
            "5xx": sum(500 <= r["status"] < 600 for r in mine),
            "failed": sum(bool(r["error"]) for r in mine),
        }
    outcome.failures = dict(Counter(f"{r['step']}: {r['status']} {r['error']}" for r in requests if r["error"]))
    sends = [r for r in requests if r["step"] == "4 POST send"]
    outcome.integrity = {
        "sends": len(sends),
        "acknowledged": len(acknowledged),
        "acknowledged_distinct": len(set(acknowledged)),
        "stored": submissions,
        "stored_tokens": len(hashes),
        "lost": len(set(acknowledged) - hashes),
        "stored_unacknowledged": len(hashes - set(acknowledged)),
        "5xx_all_requests": sum(500 <= r["status"] < 600 for r in requests),
        "respondent_429": sum(r["status"] == 429 for r in requests if not r["step"].startswith("script")),
    }
    script = [r for r in requests if r["step"] in ("script: replayed send", "script: unwaited send")]
    outcome.script = {
        "sends": len(script),
        "refused_400": sum(r["status"] == 400 for r in script),
        "already_sent_200": sum(r["status"] == 200 for r in script),
        "limited_429": sum(r["status"] == 429 for r in script),
        "stored": sum(bool(r["error"]) for r in script),  # a script's send that was stored is a failure
        "first_sends": sum(r["step"] == "script: first send" for r in requests),  # one stored each
        "unwaited_stored": sum(r["step"] == "script: unwaited send, stored" for r in requests),
    }
    # Both windows from Locust's first request, not from when Locust was started: it takes seconds to start.
    probe_first, probe_after = _window(watch.probe, began, True), _window(watch.probe, began, False)
    outcome.start_view = {
        "probe_first_p50": float(np.percentile(probe_first, 50)) if probe_first else 0.0,
        "probe_first_max": max(probe_first, default=0.0),
        "probe_after_p50": float(np.percentile(probe_after, 50)) if probe_after else 0.0,
        "probe_after_max": max(probe_after, default=0.0),
        "accept_queue_first_max": max(_window(watch.accept_queue, began, True), default=0),
        "accept_queue_after_max": max(_window(watch.accept_queue, began, False), default=0),
        # How long some connection was left waiting to be accepted at all.
        "accept_queue_first_busy_s": _busy_seconds(watch.accept_queue, began, True),
        "accept_queue_after_busy_s": _busy_seconds(watch.accept_queue, began, False),
        "requests": len(requests),
        "client_cpu_s": client_cpu,
        # Locust warns when its process is short of CPU: its timings then include its own waiting.
        "client_cpu_warnings": (workdir / "locust.log").read_text().count("CPU usage above"),
        "server_cpu_s": server_cpu,
        "server_cpu_ms_per_request": server_cpu * 1000 / max(len(requests), 1),
        "load_average": os.getloadavg()[0],
    }
    return outcome


def print_outcome(console: Console, outcome: Outcome) -> None:
    steps = Table(title=f"{outcome.run}, {outcome.start} start, {outcome.users} people, {outcome.seconds} s")
    for column in ("step", "requests", "5xx", "failed", "p50 ms", "p95 ms", "p99 ms", "max ms",
                   f"first {FIRST_SECONDS:.0f} s p99", "after p99"):
        steps.add_column(column, justify="left" if column == "step" else "right")
    for step, s in outcome.steps.items():
        steps.add_row(
            step, str(s["all_n"]), str(s["5xx"]), str(s["failed"]),
            *(f"{s.get(f'all_{k}', 0):,.0f}" for k in ("p50", "p95", "p99", "max")),
            f"{s.get('first_p99', 0):,.0f}", f"{s.get('after_p99', 0):,.0f}",
        )
    console.print(steps)
    console.print("submissions:", outcome.integrity)
    console.print("replaying script:", outcome.script)
    console.print("failures:", outcome.failures)
    console.print("the start:", {k: round(v, 1) for k, v in outcome.start_view.items()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", default="sqlite-1,postgres-2", help="engine-processes, comma separated")
    parser.add_argument("--start", default="simultaneous", choices=["simultaneous", "ramped", "warm"])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--ramp-seconds", type=float, default=20)
    parser.add_argument("--min-seconds", type=int, default=3, help="VOICES_MIN_SECONDS_TO_COMPLETE for the servers")
    parser.add_argument("--json", type=Path, help="append each run's figures to this file, one JSON line each")
    args = parser.parse_args()
    console = Console(width=160)
    for name in args.runs.split(","):
        with tempfile.TemporaryDirectory(prefix="voices-load-") as directory:
            outcome = one_run(name, args.start, args, Path(directory))
        print_outcome(console, outcome)
        if args.json:
            with args.json.open("a") as sink:
                sink.write(json.dumps(asdict(outcome)) + "\n")


if __name__ == "__main__":
    main()
