"""Render and scan: images come back as the same verdicts; the GIL is released meanwhile."""

import struct
import sys
import threading
import time
import zlib

import pytest

import emvqr

from conftest import NOW, read_tsv

KHQR_KHMER = (
    "00020101021229190015john_smith@devb520459995303840540155802KH5908ចន ស្មីន6010Phnom Penh"
    "62090105INV-19934001317672250000000113176722530000063047873"
)


def blank_png(width: int, height: int) -> bytes:
    """A white 8-bit grey PNG (no QR code in it)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_render_then_scan_gives_the_same_verdict():
    # A KHQR whose name is Khmer: valid by the KHQR rules (not strict EMV), so it renders.
    png = emvqr.render_png(KHQR_KHMER, now_ms=1_767_225_100_000)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    [v] = emvqr.scan(png, now_ms=1_767_225_100_000)
    assert v.input == KHQR_KHMER
    assert v.to_dict() == emvqr.check(KHQR_KHMER, now_ms=1_767_225_100_000).to_dict()
    # The scan judges at its own clock: later, the same code has expired (code 46).
    [v] = emvqr.scan(png, now_ms=NOW)
    assert v.error.khqr_code == 46


def test_render_vectors_round_trip_through_scan():
    # Every tenth row of each rule set (`emv`: strict EMV; `elqr`), rendered and read back.
    rows = read_tsv("render-vectors.tsv")
    picked = [r for r in rows if r["rules"] == "emv"][::10] + [r for r in rows if r["rules"] == "elqr"][::5]
    assert len(picked) >= 8
    for r in picked:
        png = emvqr.render_png(r["payload"], scheme=r["rules"])
        [v] = emvqr.scan(png, scheme=r["rules"], now_ms=NOW)
        assert v.input == r["payload"]
        assert v.to_dict() == emvqr.check(r["payload"], scheme=r["rules"], now_ms=NOW).to_dict()


def test_svg():
    svg = emvqr.render_svg(KHQR_KHMER, scale=4, quiet_zone=2, ec="H")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")


def test_render_refuses_what_check_refuses():
    broken = KHQR_KHMER[:-1] + "0"
    with pytest.raises(emvqr.KhqrError) as e:
        emvqr.render_png(broken)
    expected = emvqr.check(broken, now_ms=NOW).error
    assert (e.value.kind, e.value.offset, e.value.path, e.value.khqr_code) == (
        expected.kind,
        expected.offset,
        expected.path,
        expected.khqr_code,
    )
    with pytest.raises(emvqr.EmvqrError) as e:
        emvqr.render_svg("hello, world")
    assert e.value.kind == "not_payment_code"
    # Expired at the clock given; without a clock, expiry is not judged.
    with pytest.raises(emvqr.KhqrError) as e:
        emvqr.render_png(KHQR_KHMER, now_ms=NOW)
    assert e.value.khqr_code == 46
    assert emvqr.render_png(KHQR_KHMER).startswith(b"\x89PNG")


def test_render_options_are_checked():
    with pytest.raises(ValueError):
        emvqr.render_png(KHQR_KHMER, ec="X")
    with pytest.raises(emvqr.RenderError):
        emvqr.render_png(KHQR_KHMER, scale=0)


def test_scan_errors_and_empty_images():
    with pytest.raises(emvqr.ScanError) as e:
        emvqr.scan(b"not an image")
    assert "PNG" in str(e.value)
    with pytest.raises(emvqr.ScanError):
        emvqr.scan(blank_png(64, 64)[:40])
    assert emvqr.scan(blank_png(64, 64)) == []


def _runs_while(call) -> int:
    """How often the calling thread ran Python code while `call` ran in another thread.

    The switch interval is set out of reach, so a thread holding the GIL is never asked to give
    it up: the other thread can only run while `call` has released it (or once it is done,
    but then `done` is already set)."""
    started, done = threading.Event(), threading.Event()

    def worker():
        started.set()
        call()
        done.set()

    previous = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        t = threading.Thread(target=worker)
        t.start()
        started.wait()
        runs = 0
        while not done.is_set():
            runs += 1
            time.sleep(0)  # releases the GIL, so the worker can take it back
        t.join()
    finally:
        sys.setswitchinterval(previous)
    return runs


def test_scan_and_render_release_the_gil():
    image = blank_png(1600, 1600)
    assert _runs_while(lambda: emvqr.scan(image)) > 0
    assert _runs_while(lambda: emvqr.render_png(KHQR_KHMER, scale=64, ec="H")) > 0
