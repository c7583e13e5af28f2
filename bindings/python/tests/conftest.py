"""Shared helpers: the repository's vector files, the command-line tool, the official KHQR SDK."""

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List

import pytest

REPO = Path(__file__).resolve().parents[3]
VECTORS = REPO / "tests" / "vectors"
KHQR_SDK = REPO / "tests" / "differential" / "khqr"

# 2026-01-01T00:00:00Z, the clock of the Rust tests.
NOW = 1_767_225_600_000


def read_tsv(name: str) -> List[Dict[str, str]]:
    """The rows of tests/vectors/NAME as dicts keyed by the header ('#' lines are comments)."""
    lines = [
        line
        for line in (VECTORS / name).read_text(encoding="utf-8").split("\n")
        if line and not line.startswith("#")
    ]
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        cells = line.split("\t")
        assert len(cells) == len(header), f"{name}: {line[:60]}"
        rows.append(dict(zip(header, cells)))
    return rows


def every_vector_input() -> List[str]:
    """Every text of every vector file (columns `payload` and `input`), first occurrence kept."""
    seen: Dict[str, None] = {}
    for path in sorted(VECTORS.glob("*.tsv")):
        rows = read_tsv(path.name)
        for row in rows:
            for column in ("payload", "input"):
                if column in row:
                    seen.setdefault(row[column], None)
    return list(seen)


@pytest.fixture(scope="session")
def cli() -> str:
    """The `emvqr` command-line tool: $EMVQR_CLI, else built here with cargo (a no-op when fresh)."""
    given = os.environ.get("EMVQR_CLI")
    if given:
        return given
    out = subprocess.run(
        ["cargo", "build", "-q", "-p", "emvqr-cli", "--message-format=json"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable"):
            if msg["target"]["name"] == "emvqr":
                return msg["executable"]
    raise AssertionError("cargo built no `emvqr` executable")


def run_cli(cli: str, args: List[str], lines: List[str]) -> List[str]:
    """`emvqr decode --json ARGS` on LINES (stdin), one output line per input line."""
    proc = subprocess.run(
        [cli, "decode", "--json", *args],
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode in (0, 1), proc.stderr
    out = proc.stdout.split("\n")
    assert out[-1] == ""
    assert len(out) - 1 == len(lines)
    return out[:-1]


@pytest.fixture(scope="session")
def khqr_sdk() -> Path:
    """The official KHQR SDK (bakong-khqr, pinned in tests/differential/khqr), installed with npm
    ci when missing. EMVQR_SKIP_DIFFERENTIAL=1 skips the tests that need it."""
    if os.environ.get("EMVQR_SKIP_DIFFERENTIAL") == "1":
        pytest.skip("EMVQR_SKIP_DIFFERENTIAL=1")
    if not (KHQR_SDK / "node_modules" / "bakong-khqr").is_dir():
        npm = shutil.which("npm")
        assert npm, "the official KHQR SDK needs Node.js and npm (or EMVQR_SKIP_DIFFERENTIAL=1)"
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=KHQR_SDK, check=True)
    return KHQR_SDK


def official_sdk(sdk: Path, requests: List[dict], now_ms: int) -> List[dict]:
    """Runs the official SDK (tests/differential/khqr/oracle.js) on REQUESTS at clock NOW_MS."""
    proc = subprocess.run(
        ["node", "oracle.js", "--now-ms", str(now_ms)],
        cwd=sdk,
        input="".join(json.dumps(r) + "\n" for r in requests),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return [json.loads(line) for line in proc.stdout.splitlines()]
