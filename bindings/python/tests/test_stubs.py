"""The .pyi stubs describe the native module as it is (mypy's stubtest)."""

import subprocess
import sys
from pathlib import Path

import pytest


def test_stubs_match_the_native_module():
    pytest.importorskip("mypy", reason="mypy (in the test extra) checks the stubs")
    allowlist = Path(__file__).with_name("stubtest-allowlist.txt")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "emvqr._native", "--allowlist", str(allowlist)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
