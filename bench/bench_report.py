"""Report benchmark (issue 9 §5): the insight report of a survey with 100,000 submissions.

A fresh database (SQLite in a temp dir; PostgreSQL too with --engines sqlite,postgres) is migrated,
the surveys loaded, the attitudes survey (free text and Likert scales) seeded with `voices demo
seed` (about a third of submissions carry a comment) and themed with `voices themes run`. An
analyst is created with `voices officers create`, and signs in over HTTP as a person would: the
one-time link, a new password, the sign-in form, each form's CSRF token.

Then one `voices serve` process is measured from this process with httpx (the session cookie in
the jar): the first request after start-up (cold) on its own, then N requests one after another
and N more from a few concurrent clients, for the whole report and for the report filtered to one
period. A bare Litestar `GET /hello` (bench/baseline_app.py) is measured the same way in the same
run. Prints median, p90, p99 and max against the targets (≤ 300 ms median, ≤ 1 s p99).

    .venv/bin/python bench/bench_report.py [--submissions 100000] [--requests 200] [--clients 4]
        [--engines sqlite] [--keep DIR]

With --keep DIR the prepared databases are kept and reused by a later run with the same DIR: the
SQLite file in DIR, and on PostgreSQL a database named voices_bench_report_keep.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import httpx
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_http import POSTGRES_ADMIN_URL, _admin, _cpu_seconds, database, free_port, server

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
SECRET = "benchmark-secret-key-benchmark-secret-key"
SURVEY = "attitudes"
PERIOD = "2026"  # the demo dates submissions over the last 18 months: this year holds most of them
EMAIL = "bench.analyst@county.example"
EXPECT = "Comments read by that run"  # the themed report, not a refusal, an empty page or an error
PASSWORD = "kettle orchard lantern bench"
TIMEOUT_S = 120.0  # a request slower than this is counted as timed out
CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')
TARGET_MEDIAN_MS, TARGET_P99_MS = 300.0, 1000.0
console = Console(width=170)
KEPT_POSTGRES = "voices_bench_report_keep"  # the PostgreSQL database --keep reuses


@dataclass(frozen=True)
class Result:
    scenario: str
    engine: str
    mode: str  # "cold", "sequential" or "N clients"
    samples: list[float]  # milliseconds, as the client saw them
    server_cpu_ms: float  # CPU time of the server process per request
    wall_s: float

    def pct(self, p: float) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def step(label: str, command: list[str], env: dict[str, str]) -> str:
    started = time.perf_counter()
    done = subprocess.run(command, check=False, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{label} failed:\n{done.stdout}\n{done.stderr}")
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    console.print(f"  {label}: {time.perf_counter() - started:.1f} s  [dim]{last[:120]}[/dim]")
    return done.stdout


def prepare(env: dict[str, str], submissions: int) -> str:
    """Migrate, load, seed, theme, create the analyst; the set-password link's path."""
    voices = str(BIN / "voices")
    step("migrate", [voices, "migrate"], env)
    step("surveys load", [voices, "surveys", "load"], env)
    step(f"demo seed {submissions:,}", [voices, "demo", "seed", SURVEY, "--submissions", str(submissions)], env)
    step("themes run", [voices, "themes", "run", "--survey", SURVEY], env)
    out = step("officers create", [voices, "officers", "create", EMAIL, "--role", "analyst"], env)
    link = next(line for line in out.splitlines() if "/set-password/" in line).strip()
    return urlsplit(link).path


def csrf_token(response: httpx.Response) -> str:
    found = CSRF_FIELD.search(response.text)
    if not found:
        sys.exit(f"no CSRF token in the form at {response.url} ({response.status_code})")
    return found[1]


def sign_in(base: str, link_path: str) -> httpx.Cookies:
    """Set a password through the one-time link, then sign in; the signed-in session's cookies."""
    with httpx.Client(base_url=base, timeout=30) as client:
        form = client.get(link_path)
        response = client.post(link_path, data={"password": PASSWORD, "confirm": PASSWORD, "_csrf_token": csrf_token(form)})
        if response.status_code != 303:
            sys.exit(f"setting the password gave {response.status_code}: {response.text[:500]}")
        form = client.get("/officers/sign-in")
        response = client.post(
            "/officers/sign-in", data={"email": EMAIL, "password": PASSWORD, "_csrf_token": csrf_token(form)}
        )
        if response.status_code != 303 or "sign-in" in response.headers.get("location", ""):
            sys.exit(f"signing in gave {response.status_code} to {response.headers.get('location')}: {response.text[:500]}")
        return client.cookies


def timed_get(client: httpx.Client, path: str, expect: str) -> float:
    started = time.perf_counter()
    try:
        response = client.get(path)
    except httpx.TimeoutException:
        return float("inf")  # counted as a failure, and as slower than any answer
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200 or expect not in response.text:
        sys.exit(f"GET {path} gave {response.status_code} without {expect!r}: {response.text[:500]}")
    return elapsed


def measure(
    base: str, pid: int, engine: str, scenario: str, path: str, expect: str, cookies: httpx.Cookies | None,
    requests: int, clients: int, budget_s: float,
) -> list[Result]:
    """Cold (the first request of this address), then `requests` sequential, then `requests` from
    `clients` concurrent clients; each phase also stops after `budget_s` seconds."""
    results: list[Result] = []

    def phase(mode: str, workers: int, count: int) -> None:
        samples: list[float] = []
        failures: list[BaseException] = []
        lock = threading.Lock()
        deadline = time.perf_counter() + budget_s

        def work(share: int) -> None:
            try:
                with httpx.Client(base_url=base, cookies=cookies, timeout=TIMEOUT_S) as client:
                    for _ in range(share):
                        if time.perf_counter() > deadline:
                            return
                        elapsed = timed_get(client, path, expect)
                        with lock:
                            samples.append(elapsed)
            except BaseException as error:  # noqa: BLE001 - a thread's SystemExit would vanish
                failures.append(error)

        before, started = _cpu_seconds(pid), time.perf_counter()
        threads = [threading.Thread(target=work, args=(count // workers + (i < count % workers),)) for i in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        if failures:
            sys.exit(f"{scenario}, {mode}: {failures[0]}")
        cpu = (_cpu_seconds(pid) - before) * 1000 / max(len(samples), 1)
        results.append(Result(scenario, engine, mode, samples, cpu, wall))
        done = results[-1]
        console.print(
            f"  {scenario}, {mode}: {len(samples)} requests in {wall:.1f} s, median {done.median:,.1f} ms, "
            f"p99 {done.pct(99):,.1f} ms, max {max(samples):,.1f} ms, server CPU {cpu:,.1f} ms/req"
        )

    phase("cold (1st request)", 1, 1)
    phase("sequential", 1, requests)
    if results[-1].median * clients > TIMEOUT_S * 1000 / 2:
        # One server process answers one report at a time: concurrent clients would only queue,
        # time out, and leave the server busy with abandoned requests during the next scenario.
        console.print(f"  {scenario}, {clients} clients: skipped, one request alone takes {results[-1].median / 1000:,.1f} s")
    else:
        phase(f"{clients} clients", clients, requests)
    return results


def run_engine(engine: str, args: argparse.Namespace, workdir: Path) -> list[Result]:
    results: list[Result] = []
    console.print(f"[bold]{engine}[/bold] (load average {os.getloadavg()[0]:.1f})")
    with kept_database(engine, workdir) if args.keep else database(engine, workdir) as url:
        env = {**os.environ, "VOICES_DATABASE_URL": url, "VOICES_VAR_DIR": str(workdir), "VOICES_SECRET_KEY": SECRET}
        prepared = workdir / ("prepared" if engine == "sqlite" else "prepared-postgres")
        if args.keep and prepared.exists():
            # A database this script prepared before: migrated to today's code (as `make run` and
            # the systemd unit do before serving), and a fresh one-time link.
            step("migrate", [str(BIN / "voices"), "migrate"], env)
            out = step("officers reset-password", [str(BIN / "voices"), "officers", "reset-password", EMAIL], env)
            link_path = urlsplit(next(line for line in out.splitlines() if "/set-password/" in line).strip()).path
        else:
            link_path = prepare(env, args.submissions)
            if args.keep:
                prepared.write_text(f"{args.submissions}\n")

        port = free_port()
        with server([str(BIN / "python"), str(ROOT / "bench" / "baseline_app.py"), "--port", str(port),
                     "--database-url", url], env, port) as (base, pid):
            results += measure(base, pid, engine, "bare hello", "/hello", "hello", None,
                               args.requests, args.clients, args.budget)

        port = free_port()
        with server([str(BIN / "voices"), "serve", "--port", str(port)], env, port) as (base, pid):
            cookies = sign_in(base, link_path)
            report = f"/officers/reports/{SURVEY}"
            results += measure(base, pid, engine, "report", report, EXPECT, cookies,
                               args.requests, args.clients, args.budget)
            results += measure(base, pid, engine, f"report, period {PERIOD}", f"{report}?period={PERIOD}", EXPECT,
                               cookies, args.requests, args.clients, args.budget)
            results.append(after_new_submissions(base, pid, engine, url, report, cookies, args.fresh))
            describe(base, cookies, report)
            describe(base, cookies, f"{report}?period={PERIOD}")
            if args.profile:
                profile(base, pid, cookies, report, args.profile, workdir)
    return results


# A copy of the survey's newest submission and its answers, dated today, as a respondent's would be stored.
NEWEST = (
    "SELECT max(s.id) FROM submission s JOIN survey_version v ON v.id = s.survey_version"
    f" JOIN survey ON survey.id = v.survey WHERE survey.slug = '{SURVEY}'"
)
COPY_SUBMISSION = (
    "INSERT INTO submission (survey_version, submitted_on, channel)"
    " SELECT survey_version, {today}, channel FROM submission WHERE id = {old}"
)
COPY_ANSWERS = (
    "INSERT INTO answer (submission, question_id, value, text, redacted)"
    " SELECT {new}, question_id, value, text, redacted FROM answer WHERE submission = {old}"
)


def add_submission(url: str) -> None:
    """One more submission to the survey, written straight to the database by another process."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10) as connection:
            old = connection.execute(NEWEST).fetchone()[0]
            connection.execute(COPY_SUBMISSION.format(today="date('now')", old=old))
            new = connection.execute("SELECT max(id) FROM submission").fetchone()[0]
            connection.execute(COPY_ANSWERS.format(new=new, old=old))
        return

    async def copy() -> None:
        connection = await asyncpg.connect(url)
        try:
            async with connection.transaction():
                old = await connection.fetchval(NEWEST)
                await connection.execute(COPY_SUBMISSION.format(today="CURRENT_DATE", old=old))
                new = await connection.fetchval("SELECT max(id) FROM submission")
                await connection.execute(COPY_ANSWERS.format(new=new, old=old))
        finally:
            await connection.close()

    asyncio.run(copy())


def after_new_submissions(
    base: str, pid: int, engine: str, url: str, path: str, cookies: httpx.Cookies, count: int
) -> Result:
    """The report asked for after each of `count` new submissions: what an officer sees while
    respondents keep answering (the cached rows are extended, the report counted again)."""
    samples: list[float] = []
    before, started = _cpu_seconds(pid), time.perf_counter()
    with httpx.Client(base_url=base, cookies=cookies, timeout=TIMEOUT_S) as client:
        for _ in range(count):
            add_submission(url)
            samples.append(timed_get(client, path, EXPECT))
    wall = time.perf_counter() - started
    result = Result("report", engine, "a new submission before each", samples,
                    (_cpu_seconds(pid) - before) * 1000 / max(count, 1), wall)
    console.print(
        f"  report, a new submission before each: {count} requests, median {result.median:,.1f} ms, "
        f"p99 {result.pct(99):,.1f} ms, server CPU {result.server_cpu_ms:,.1f} ms/req"
    )
    return result


@contextmanager
def kept_database(engine: str, workdir: Path) -> Iterator[str]:
    """The database --keep works in: the SQLite file in DIR, or one PostgreSQL database never dropped."""
    if engine == "sqlite":
        yield f"sqlite:///{workdir / 'bench.sqlite'}"
        return
    if not (workdir / "prepared-postgres").exists():
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{KEPT_POSTGRES}" WITH (FORCE)'))
        asyncio.run(_admin(f'CREATE DATABASE "{KEPT_POSTGRES}"'))
    yield f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{KEPT_POSTGRES}"


def profile(base: str, pid: int, cookies: httpx.Cookies, path: str, seconds: int, workdir: Path) -> None:
    """py-spy samples the server (every thread) while one client asks for the warm report in a
    loop; prints where the time goes, inclusive by report step and by the library it ends in."""
    spy = BIN / "py-spy"
    if not spy.exists():
        console.print("  profile: py-spy is not installed in .venv (`.venv/bin/pip install py-spy`); skipped")
        return
    raw = workdir / "profile.txt"
    stop = threading.Event()

    def ask() -> None:
        with httpx.Client(base_url=base, cookies=cookies, timeout=TIMEOUT_S) as client:
            while not stop.is_set():
                client.get(path)

    asker = threading.Thread(target=ask)
    asker.start()
    try:
        subprocess.run([str(spy), "record", "--pid", str(pid), "--duration", str(seconds), "--rate", "200",
                        "--format", "raw", "--output", str(raw)], check=True, capture_output=True)
    finally:
        stop.set()
        asker.join()
    console.print(profile_tables(raw.read_text()))


# Steps of a report request: (label, a frame the stack holds, a frame it must not hold). Inclusive:
# a step holds what it calls.
STEPS = (
    ("request handler, in all (insight/web.py report)", "report (voices/insight/web.py", None),
    ("  survey_dataset: versions, data version, dataset", "survey_dataset (voices/insight/report.py", None),
    ("    data_version (one query a request)", "data_version (voices/insight/dataset.py", None),
    ("    load_dataset (rows changed: read again)", "load_dataset (voices/insight/dataset.py", None),
    ("    extend_dataset (rows added: read those)", "extend_dataset (voices/insight/dataset.py", None),
    ("    reread_run (theme run changed: read it)", "reread_run (voices/insight/dataset.py", None),
    ("  cached_report", "cached_report (voices/insight/report.py", None),
    ("    build_report (not cached yet)", "build_report (voices/insight/report.py", None),
    ("      awareness section", "awareness (voices/insight/awareness.py", None),
    ("      indices section", "indices (voices/insight/indices.py", None),
    ("      themes_section", "themes_section (voices/insight/themes_view.py", None),
    ("  audit record (quotes shown)", "record (voices/officers/audit.py", None),
    ("  _page: charts and template", "_page (voices/insight/web.py", None),
    ("    report_charts (cached SVGs)", "report_charts (voices/insight/report_charts.py", None),
    ("    template rendering (jinja2)", "jinja2/", None),
)


def profile_tables(text: str) -> Table:
    stacks: list[tuple[list[str], int]] = []
    for line in text.splitlines():
        frames, _, count = line.rpartition(" ")
        if frames and count.isdigit():
            stacks.append((frames.split(";"), int(count)))
    busy = [(frames, n) for frames, n in stacks if not _idle(frames[-1])]
    total = sum(n for _, n in busy) or 1
    out = Table(title=f"Where the server's busy time goes ({total:,} samples of a running thread, all threads)")
    out.add_column("step or library")
    out.add_column("share of busy samples", justify="right")
    for label, marker, unless in STEPS:
        share = sum(
            n for frames, n in busy
            if any(marker in frame for frame in frames)
            and not (unless and any(unless in frame for frame in frames))
        ) / total
        out.add_row(label, f"{share:.0%}")
    sqlite = sum(n for frames, n in busy if any("sqlite3" in f or "aiosqlite" in f for f in frames[-3:])) / total
    out.add_row("executing SQL in SQLite (leaf in sqlite3/aiosqlite, any thread)", f"{sqlite:.0%}")
    leaves: dict[str, int] = {}
    for frames, n in busy:
        leaves[_library(frames[-1])] = leaves.get(_library(frames[-1]), 0) + n
    out.add_section()
    for name, n in sorted(leaves.items(), key=lambda item: -item[1])[:10]:
        out.add_row(f"self time in {name}", f"{n / total:.0%}")
    return out


def _idle(frame: str) -> bool:
    return any(word in frame for word in ("select (selectors.py", "wait (threading.py", "_worker (concurrent",
                                         "run_once (uvloop", "_run_once (asyncio", "get (queue.py", "poll ("))


def _library(frame: str) -> str:
    where = frame[frame.rfind("(") + 1 :].split(":")[0]
    if "site-packages/" in where:
        return where.split("site-packages/")[1].split("/")[0]
    if "/voices/" in where:
        return "voices/" + where.split("/voices/")[1]
    return where.rsplit("/", 1)[-1] or where


def describe(base: str, cookies: httpx.Cookies, path: str) -> None:
    """What the measured page holds, so a faster page that shows less is noticed."""
    page = httpx.get(f"{base}{path}", cookies=cookies, timeout=TIMEOUT_S).text
    sections = re.findall(r'<h2 class="govuk-heading-l" id="([^"]+)"', page)
    console.print(
        f"  {path}: {len(page) / 1024:,.0f} KiB, {page.count('<svg')} charts, {page.count('voices-quote')} quotes, "
        f"sections {', '.join(sections)}"
    )


def table(results: list[Result], title: str) -> Table:
    hello = {(r.engine, r.mode): r for r in results if r.scenario == "bare hello"}
    out = Table(title=title)
    for column in ("scenario", "engine", "requests", "timed out", "median ms", "p90 ms", "p99 ms", "max ms", "server CPU ms/req",
                   "vs bare hello (median)", "target", "met"):
        out.add_column(column, justify="left" if column in {"scenario", "engine", "target"} else "right")
    for r in results:
        is_report = r.scenario.startswith("report")
        warm = is_report and not r.mode.startswith("cold")
        base = hello.get((r.engine, r.mode))
        ratio = f"{r.median / base.median:,.0f}×" if is_report and base else ""
        met = ""
        if warm:
            met = "yes" if r.median <= TARGET_MEDIAN_MS and r.pct(99) <= TARGET_P99_MS else "NO"
        out.add_row(
            f"{r.scenario}: {r.mode}", r.engine, str(len(r.samples)),
            str(sum(1 for x in r.samples if x == float("inf"))), f"{r.median:,.1f}", f"{r.pct(90):,.1f}",
            f"{r.pct(99):,.1f}", f"{max(r.samples):,.1f}", f"{r.server_cpu_ms:,.1f}", ratio,
            "median ≤ 300 ms, p99 ≤ 1 s" if warm else "", met,
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="per phase (sequential, concurrent)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients in the second phase")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds at most per phase")
    parser.add_argument("--engines", default="sqlite")
    parser.add_argument("--fresh", type=int, default=20,
                        help="requests of the report each after one new submission (written to the database directly)")
    parser.add_argument("--profile", type=int, default=0, metavar="SECONDS",
                        help="then sample the server with py-spy for SECONDS while the warm report is asked for")
    parser.add_argument("--keep", type=Path, default=None,
                        help="work in DIR and keep the databases; a later run with the same DIR reuses them")
    args = parser.parse_args()
    started, load_before = time.perf_counter(), os.getloadavg()
    results: list[Result] = []
    for engine in args.engines.split(","):
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            results += run_engine(engine, args, args.keep)
        else:
            with tempfile.TemporaryDirectory() as workdir:
                results += run_engine(engine, args, Path(workdir))
    load_after = os.getloadavg()
    console.print(table(
        results,
        f"Insight report of {args.submissions:,} submissions, one server process, httpx client "
        f"(up to {args.requests} requests or {args.budget:.0f} s a phase)",
    ))
    console.print(
        f"load average {load_before[0]:.1f} / {load_before[1]:.1f} / {load_before[2]:.1f} at the start, "
        f"{load_after[0]:.1f} / {load_after[1]:.1f} / {load_after[2]:.1f} at the end; {os.cpu_count()} CPUs; "
        f"total {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
