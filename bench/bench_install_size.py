"""What `make run` installs: the virtualenv's size against issue 12's 800 MB, and no torch.

A clone of the committed tree runs the Makefile's own install step (`make .venv/.installed`: the
runtime dependencies only, as `make run` installs them), then the server is started once, so the
bytecode Python writes for what it imports is counted too. The baseline is a bare virtualenv made
in the same run.

    .venv/bin/python bench/bench_install_size.py
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 800


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def serve_once(clone: Path) -> None:
    """Migrate, load and answer one page, as `make run` would."""
    env = {**os.environ, "VOICES_VAR_DIR": str(clone / "var")}
    voices = clone / ".venv" / "bin" / "voices"
    for command in (["migrate"], ["surveys", "load"]):
        subprocess.run([voices, *command], env=env, check=True, capture_output=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([voices, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                    return
            except OSError:
                time.sleep(0.5)
        raise SystemExit("voices serve did not answer within 120 s")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        subprocess.run([sys.executable, "-m", "venv", work / "bare"], check=True)
        clone = work / "voices"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), clone], check=True)
        started = time.monotonic()
        subprocess.run(["make", "-C", clone, ".venv/.installed"], check=True, capture_output=True)
        install_seconds = time.monotonic() - started
        installed = size_mb(clone / ".venv")
        has_torch = subprocess.run([clone / ".venv" / "bin" / "python", "-c", "import torch"], capture_output=True).returncode == 0
        serve_once(clone)
        served = size_mb(clone / ".venv")
        bare = size_mb(work / "bare")

    table = Table(title="The virtualenv `make run` installs (committed tree)")
    for column in ("measure", "value", "target", "met"):
        table.add_column(column)
    table.add_row("bare virtualenv (baseline)", f"{bare:.0f} MB", "", "")
    table.add_row("after install", f"{installed:.0f} MB", f"< {TARGET_MB} MB", "yes" if installed < TARGET_MB else "no")
    table.add_row("after migrate, load and one page served", f"{served:.0f} MB", f"< {TARGET_MB} MB", "yes" if served < TARGET_MB else "no")
    table.add_row("torch installed", "yes" if has_torch else "no", "no", "yes" if not has_torch else "no")
    table.add_row("install time", f"{install_seconds:.0f} s", "", "")
    Console().print(table)


if __name__ == "__main__":
    main()
