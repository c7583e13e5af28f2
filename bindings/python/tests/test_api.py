"""The Python surface: options, the clock, errors, and the typed objects."""

import time
from pathlib import Path

import pytest

import emvqr

from conftest import NOW

PAYNOW = (
    "00020101021226380009SG.PAYNOW010100211+659123456703010520400005303702540524.105802SG"
    "5904Mark6009Singapore62160112Din Tai Fung630490FC"
)


def test_now_ms_none_reads_the_system_clock():
    # A KHQR that expires an hour from now is valid at the system clock, and invalid later.
    now = time.time_ns() // 1_000_000
    b = emvqr.khqr.build("a@devb", "A", "Phnom Penh", amount="100", expires_at_ms=now + 3_600_000, now_ms=now)
    assert emvqr.check(b.payload).valid
    assert not emvqr.check(b.payload, now_ms=now + 3_600_001).valid


def test_options():
    # Lowercase CRC digits: refused strictly, accepted leniently with a warning at 63.
    lower = PAYNOW[:-4] + PAYNOW[-4:].lower()
    assert emvqr.check(lower, now_ms=NOW).error.kind == "crc_mismatch" or not emvqr.check(lower, now_ms=NOW).valid
    v = emvqr.check(lower, now_ms=NOW, lenient=True)
    assert v.valid
    assert [(w.kind, w.path) for w in v.warnings] == [("lowercase_crc", "63")]
    # A forced scheme judges by its rules.
    v = emvqr.check(PAYNOW, now_ms=NOW, scheme="khqr")
    assert (v.scheme, v.valid) == ("khqr", False)
    assert v.error.khqr_code is not None
    with pytest.raises(ValueError) as e:
        emvqr.check(PAYNOW, scheme="nope")
    assert "khqr" in str(e.value) and "nope" in str(e.value)


def test_all_errors_lists_every_error():
    bad = "000201010211" + "5204ABCD" + "5303702" + "5802SG" + "5904Mark" + "6009Singapore" + "63040000"
    first = emvqr.check(bad, now_ms=NOW)
    every = emvqr.check(bad, now_ms=NOW, all_errors=True)
    assert len(first.errors) == 1
    assert len(every.errors) > 1
    assert every.errors[0].to_dict() == first.error.to_dict()


def test_objects_are_typed_and_printable():
    v = emvqr.check(PAYNOW, now_ms=NOW)
    assert isinstance(v, emvqr.Verdict) and isinstance(v.intent, emvqr.Intent)
    assert repr(v) == "Verdict(valid=True, family='emv-mpm', scheme='paynow', error=None)"
    assert v.intent.payee == {"name": "Mark", "city": "Singapore", "name_alt": None, "city_alt": None}
    assert v.intent.routes[0]["network"] == "paynow"
    assert v.intent.references["bill_number"] == "Din Tai Fung"
    assert v.field_name("no such path") == ""
    e = emvqr.check("", now_ms=NOW).error
    assert isinstance(e, emvqr.Problem)
    assert (e.kind, e.offset, e.path, str(e)) == ("empty", 0, "", e.message)
    assert repr(e).startswith("Problem(kind='empty'")


def test_typing_files_ship_with_the_package():
    root = Path(emvqr.__file__).parent
    assert (root / "py.typed").is_file()
    assert (root / "_native.pyi").is_file()
    assert emvqr.__version__
