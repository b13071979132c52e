"""HTTP benchmark (issue 2 §7): respondent pages and submissions, against bare baselines.

Same machine, same run, one server process each, 32 concurrent connections driven by wrk from a
second process. Baselines: a bare Litestar "hello" endpoint and a bare endpoint that inserts one
row with Piccolo into the same database. Prints a table of req/s, p50, p99 and the ratios.

    .venv/bin/python bench/bench_http.py [--seconds 10] [--engines sqlite,postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import asyncpg
import httpx
from rich.console import Console
from rich.table import Table

from voices.surveys.definition import FreeTextQuestion, LikertQuestion, SingleChoiceQuestion, SurveyDefinition
from voices.surveys.tokens import issue_token

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
POSTGRES_ADMIN_URL = os.environ.get("VOICES_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
SECRET = "benchmark-secret-key-benchmark-secret-key"
CONNECTIONS, THREADS = 32, 2
# Sixty-word comments, one in three naming someone and a venue no list holds: those run the whole
# redactor, the statistical entity model included, as about that share of real comments would.
SIXTY_WORDS = (
    "I went to the counselling service after waiting nearly five months and the worker was kind "
    "patient and never made me feel rushed or judged but the waiting list was far too long and "
    "nobody told me what support I could get while I waited so I felt very alone for most of "
    "that time and I nearly gave up"
)
SIXTY_WORDS_NAMING_SOMEONE = (
    "I went to the counselling service after waiting nearly five months and Ngozi Adebayo was kind "
    "patient and never made me feel rushed or judged but the waiting list at the Fernhill Leisure "
    "Centre was far too long and nobody told me what support I could get while I waited so I felt "
    "very alone for most of that time"
)
COMMENTS = (SIXTY_WORDS_NAMING_SOMEONE, SIXTY_WORDS, SIXTY_WORDS)


@dataclass(frozen=True)
class Result:
    name: str
    engine: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    server_cpu_ms: float  # CPU time of the server process per request


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def database(engine: str, workdir: Path):
    if engine == "sqlite":
        yield f"sqlite:///{workdir / 'bench.sqlite'}"
        return
    name = f"voices_bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def server(command: list[str], env: dict[str, str], port: int):
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode()) from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(url: str, seconds: int, script: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, float, float, int]:
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, env={**os.environ, **(env or {})}
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _latency_ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1))
    p99 = _latency_ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors += sum(int(n) for n in re.findall(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)[0]) if "Socket errors" in output else 0
    return rate, p50, p99, errors


def load(pid: int, url: str, seconds: int, script: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, float, float, int, float]:
    """wrk against ``url``, plus the server process's CPU milliseconds per request meanwhile."""
    before = _cpu_seconds(pid)
    rate, p50, p99, errors = wrk(url, seconds, script, env)
    return rate, p50, p99, errors, (_cpu_seconds(pid) - before) * 1000 / max(rate * seconds, 1)


def _cpu_seconds(pid: int) -> float:
    # utime + stime of the process and its threads, in clock ticks (/proc/PID/stat fields 14-15).
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _latency_ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def survey_parts(base_url: str) -> tuple[int, SurveyDefinition]:
    import msgspec

    body = httpx.get(f"{base_url}/api/surveys/attitudes").content
    form = msgspec.json.decode(body, type=dict)
    definition = msgspec.convert(form["definition"], SurveyDefinition)
    return form["version_id"], definition


def question_page_body(version_id: int, definition: SurveyDefinition) -> str:
    first = definition.questions[0]
    return urlencode(
        {"_version": version_id, "_token": issue_token(SECRET), "_lang": "en", "_step": first.id,
         "_action": "next", f"a-{first.id}": "agree"}
    )


def submission_bodies(version_id: int, definition: SurveyDefinition) -> str:
    """One JSON body a line, one for each of COMMENTS; wrk sends them in turn."""
    return "\n".join(submission_body(version_id, definition, comment) for comment in COMMENTS)


def submission_body(version_id: int, definition: SurveyDefinition, comment: str) -> str:
    # Only questions every respondent sees: an answer to a question hidden by `show_if` is
    # dropped unstored, and would leave the redaction of the free text out of the measurement.
    always = [q for q in definition.questions if q.show_if is None]
    choice = next(q for q in always if isinstance(q, SingleChoiceQuestion))
    likert = next(q for q in always if isinstance(q, LikertQuestion))
    text = next(q for q in always if isinstance(q, FreeTextQuestion))
    answers = {choice.id: choice.choices[0].id, likert.id: "agree", text.id: comment}
    return json.dumps({"version_id": version_id, "form_token": "@@TOKEN@@", "answers": answers})


def measure(engine: str, seconds: int, workdir: Path) -> list[Result]:
    results: list[Result] = []
    with database(engine, workdir) as url:
        env = {
            **os.environ, "VOICES_DATABASE_URL": url, "VOICES_VAR_DIR": str(workdir),
            # One wrk client sends everything from one address: no limit of either kind may answer 429.
            "VOICES_SECRET_KEY": SECRET, "VOICES_RATE_LIMIT_POSTS": "100000000",
            "VOICES_RATE_LIMIT_VOUCHED_POSTS": "100000000",
        }
        subprocess.run([BIN / "voices", "migrate"], env=env, check=True, capture_output=True)
        subprocess.run([BIN / "voices", "surveys", "load"], env=env, check=True, capture_output=True)

        port = free_port()
        with server([str(BIN / "python"), str(ROOT / "bench" / "baseline_app.py"), "--port", str(port),
                     "--database-url", url], env, port) as (base, pid):
            if engine == "sqlite":
                results.append(Result("bare hello", engine, *load(pid, f"{base}/hello", seconds)))
            body = workdir / "insert.json"
            body.write_text(json.dumps({"text": SIXTY_WORDS}))
            results.append(Result("bare one-row insert", engine, *load(
                pid, f"{base}/insert", seconds, ROOT / "bench" / "post_body.lua",
                {"BENCH_BODY": str(body), "BENCH_CONTENT_TYPE": "application/json"})))

        port = free_port()
        with server([str(BIN / "voices"), "serve", "--port", str(port)], env, port) as (base, pid):
            version_id, definition = survey_parts(base)
            if engine == "sqlite":
                page = workdir / "page.txt"
                page.write_text(question_page_body(version_id, definition))
                results.append(Result("question page", engine, *load(
                    pid, f"{base}/surveys/attitudes", seconds, ROOT / "bench" / "post_body.lua",
                    {"BENCH_BODY": str(page), "BENCH_CONTENT_TYPE": "application/x-www-form-urlencoded"})))
            tokens = workdir / "tokens.txt"
            issued = time.time() - 3600  # forms shown an hour ago: past the minimum completion time
            tokens.write_text("\n".join(issue_token(SECRET, issued) for _ in range(150_000)))
            body = workdir / "submission.json"
            body.write_text(submission_bodies(version_id, definition))
            results.append(Result("submission (3 answers)", engine, *load(
                pid, f"{base}/api/surveys/attitudes/responses", seconds, ROOT / "bench" / "submit_tokens.lua",
                {"BENCH_BODY": str(body), "BENCH_TOKENS": str(tokens), "BENCH_THREADS": str(THREADS),
                 "BENCH_CONTENT_TYPE": "application/json"})))
        check_stored(url)
    return results


def check_stored(url: str) -> None:
    """Every stored submission has its three answers, the redacted comment among them: a
    benchmark whose answers were silently dropped would be measuring less work than it claims."""
    queries = (
        "SELECT count(*) FROM submission",
        "SELECT count(*) FROM answer",
        "SELECT count(*) FROM answer WHERE text IS NOT NULL",
        "SELECT count(*) FROM answer WHERE text LIKE '%[name]%[place]%'",
    )
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            submissions, answers, comments, named = (connection.execute(q).fetchone()[0] for q in queries)
    else:
        async def counts() -> list[int]:
            connection = await asyncpg.connect(url)
            try:
                return [await connection.fetchval(q) for q in queries]
            finally:
                await connection.close()

        submissions, answers, comments, named = asyncio.run(counts())
    # A third of the comments name someone and a venue: each must be stored with both redacted.
    if named < submissions // 3 - 2:
        sys.exit(f"only {named} of {submissions} stored comments had the name and venue redacted")
    if not submissions or answers != 3 * submissions or comments != submissions:
        sys.exit(f"stored {submissions} submissions, {answers} answers, {comments} comments: expected 3 answers and 1 comment each")


def report(results: list[Result]) -> Table:
    by_name = {(r.name, r.engine): r for r in results}
    hello = by_name.get(("bare hello", "sqlite"))
    table = Table(title=f"HTTP, one server process, {CONNECTIONS} connections (wrk)")
    for column in ("scenario", "engine", "req/s", "p50 ms", "p99 ms", "errors", "server CPU ms/req", "vs baseline", "target", "met"):
        table.add_column(column, justify="right" if column not in {"scenario", "engine", "target"} else "left")
    for r in results:
        ratio, target, met = "", "", ""
        if r.name == "question page" and hello:
            ratio = f"{r.requests_per_second / hello.requests_per_second:.0%} of bare hello"
            target, met = ">= 20% of bare hello", _yes_no(r.requests_per_second >= 0.2 * hello.requests_per_second)
        if r.name.startswith("submission"):
            insert = by_name.get(("bare one-row insert", r.engine))
            if insert:
                ratio = f"{r.requests_per_second / insert.requests_per_second:.0%} of bare insert"
            if r.engine == "postgres":
                # Two targets from two issues, shown apart: the share of a bare insert (issue 2) and
                # the tail a respondent waits (issue 11).
                target = ">= 50% of bare insert; p99 <= 50 ms"
                share_met = bool(insert) and r.requests_per_second >= 0.5 * insert.requests_per_second
                met = f"share {_yes_no(share_met)}, p99 {_yes_no(r.p99_ms <= 50)}"
            else:
                target = ">= 1,000/s, p99 <= 100 ms"
                met = _yes_no(r.requests_per_second >= 1000 and r.p99_ms <= 100)
        if met and r.errors:
            met = "NO"  # fast refusals are no throughput: a run with errors meets nothing
        table.add_row(r.name, r.engine, f"{r.requests_per_second:,.0f}", f"{r.p50_ms:.1f}", f"{r.p99_ms:.1f}",
                      str(r.errors), f"{r.server_cpu_ms:.3f}", ratio, target, met)
    return table


def _yes_no(met: bool) -> str:
    return "yes" if met else "NO"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--engines", default="sqlite,postgres")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    results: list[Result] = []
    for engine in args.engines.split(","):
        with tempfile.TemporaryDirectory() as workdir:
            results += measure(engine, args.seconds, Path(workdir))
    Console(width=160).print(report(results))


if __name__ == "__main__":
    main()
