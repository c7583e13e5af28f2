"""The shared vectors (tests/vectors/*.tsv): the same verdicts, fields and intents as Rust.

Every text of every vector file is judged by the binding and by the `emvqr` command line at
the same clock, under several rule sets, and the two JSON objects must be the same — same
keys in the same order, same values — and `to_json()` the same line, byte for byte. The
recorded columns of the vector files are then checked one by one, as the Rust tests do.
"""

import json

import pytest

import emvqr

from conftest import NOW, every_vector_input, read_tsv, run_cli

MODES = [
    ([], {}),
    (["--lenient"], {"lenient": True}),
    (["--profile", "khqr"], {"scheme": "khqr"}),
    (["--profile", "emv"], {"scheme": "emv"}),
    (["--profile", "elqr", "--lenient"], {"scheme": "elqr", "lenient": True}),
]

# Besides the vectors: the empty text, plain text, and a text over the 4,096-byte limit.
EXTRA = ["", "hello, world", "0002010102" + "9" * 5000]


def test_the_vector_files_are_all_read():
    inputs = set(every_vector_input())
    files = ["emv-vectors.tsv", "khqr-vectors.tsv", "elqr-vectors.tsv", "cpm-vectors.tsv"]
    files += ["cpm-mvallim.tsv", "scheme-vectors.tsv", "render-vectors.tsv"]
    for name in files:
        rows = read_tsv(name)
        texts = {r.get("payload", r.get("input")) for r in rows}
        assert rows and texts <= inputs, name
    assert all("\n" not in text for text in inputs)


@pytest.mark.parametrize("args,kwargs", MODES, ids=lambda m: " ".join(m) if isinstance(m, list) else None)
def test_every_vector_gives_the_command_lines_object(cli, args, kwargs):
    inputs = every_vector_input() + EXTRA
    lines = run_cli(cli, ["--now-ms", str(NOW), *args], inputs)
    valid = 0
    for text, line in zip(inputs, lines):
        v = emvqr.check(text, now_ms=NOW, **kwargs)
        expected = json.loads(line)
        got = v.to_dict()
        assert got == expected, text
        # Same keys in the same order, at every level.
        assert json.dumps(got, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)
        assert v.to_json() == line
        # The attributes say what the object says.
        assert (v.valid, v.family, v.scheme, v.schemes) == (
            expected["valid"],
            expected["family"],
            expected["scheme"],
            expected["schemes"],
        )
        assert v.fields == expected["fields"]
        assert v.reencoded == expected["reencoded"]
        assert (v.error.to_dict() if v.error else None) == expected["error"]
        assert [w.to_dict() for w in v.warnings] == expected["warnings"]
        assert (v.intent.to_dict() if v.intent else None) == expected["intent"]
        valid += v.valid
    # Not a vacuous comparison: both valid and invalid codes are in the set.
    assert 0 < valid < len(inputs)


def problem(p: emvqr.Problem) -> str:
    return f"{p.kind}@{p.offset}:{p.path}"


def test_khqr_vectors_give_the_official_codes():
    rows = read_tsv("khqr-vectors.tsv")
    assert len(rows) == 61
    for r in rows:
        v = emvqr.check(r["payload"], now_ms=NOW, scheme="khqr")
        got = "valid" if v.valid else f"code-{v.error.khqr_code}"
        assert got == r["khqr_official_verdict"], r["payload"]


def test_elqr_vectors_give_their_verdicts_and_warnings():
    rows = read_tsv("elqr-vectors.tsv")
    assert len(rows) == 17
    for r in rows:
        v = emvqr.check(r["input"], now_ms=NOW)
        if v.valid:
            got = "valid" + "".join(f";warn={problem(w)}" for w in v.warnings)
        else:
            got = f"error={problem(v.error)}"
        assert got == r["verdict"], r["input"]


def test_emv_vectors_give_the_strict_verdicts():
    rows = read_tsv("emv-vectors.tsv")
    assert len(rows) == 151
    for r in rows:
        v = emvqr.check(r["payload"], now_ms=NOW, scheme="emv")
        expected = r["emv_strict"]
        if v.valid:
            assert expected.split(":")[0] == "valid", r["payload"]
        else:
            assert f"error:{problem(v.error)}" == expected, r["payload"]


def test_emv_vectors_hold_their_recorded_fields():
    checked = 0
    for r in read_tsv("emv-vectors.tsv"):
        if not r["fields"]:
            continue
        v = emvqr.check(r["payload"], now_ms=NOW, lenient=True)
        for pair in r["fields"].split(";"):
            path, value = pair.split("=", 1)
            assert v.fields[path] == value, (r["payload"], path)
            checked += 1
    assert checked > 100


def test_scheme_vectors_give_their_schemes_and_intents():
    rows = read_tsv("scheme-vectors.tsv")
    assert len(rows) == 151

    def opt(s):
        return None if s in ("-", "skip") else s

    for r in rows:
        v = emvqr.check(r["payload"], now_ms=NOW)
        assert v.scheme == opt(r["primary"]), r["row"]
        assert v.schemes == (r["schemes"].split(",") if opt(r["schemes"]) else []), r["row"]
        if r["amount"] == "skip":
            continue
        i = v.intent
        assert i is not None, r["row"]
        minor = opt(r["amount_minor"])
        expires = opt(r["expires_at_ms"])
        assert (i.amount, i.amount_minor, i.currency, i.payee["name"], i.expires_at_ms) == (
            opt(r["amount"]),
            int(minor) if minor else None,
            opt(r["currency"]),
            opt(r["payee_name"]),
            int(expires) if expires else None,
        ), r["row"]


def test_cpm_vectors_give_their_family_scheme_and_fields():
    rows = read_tsv("cpm-vectors.tsv")
    assert len(rows) == 5
    for r in rows:
        v = emvqr.check(r["payload"], now_ms=NOW)
        assert v.family == r["family"]
        assert v.scheme == (r["scheme"] or None)
        if r["schemes_include"]:
            assert r["schemes_include"] in v.schemes
        assert v.valid == (r["verdict"] == "valid")
    fields = read_tsv("cpm-fields.tsv")
    by_label = {r["label"]: r["payload"] for r in rows}
    for f in fields:
        v = emvqr.check(by_label[f["label"]], now_ms=NOW)
        assert v.fields[f["path"]] == f["value"], f
    for r in read_tsv("cpm-mvallim.tsv"):
        if r["check"] == "field":
            assert emvqr.check(r["input"], now_ms=NOW).fields[r["path"]] == r["expected"]


def test_hand_checked_verdicts():
    # README's wallet example: a Khmer name counts 8 characters, not 22 bytes.
    s = (
        "00020101021229190015john_smith@devb520459995303840540155802KH5908ចន ស្មីន6010Phnom Penh"
        "62090105INV-19934001317672250000000113176722530000063047873"
    )
    v = emvqr.check(s, now_ms=1_767_225_100_000)
    assert (v.valid, v.family, v.scheme) == (True, "emv-mpm", "khqr")
    assert v.fields["59"] == "ចន ស្មីន"
    assert v.field_name("29.00") != ""
    assert v.intent.display_amount(",") == "5.00"
    assert (v.intent.amount_minor, v.intent.currency) == (500, "USD")
    assert v.intent.expires_at_iso() == "2025-12-31T23:55:00.000Z"
    # Five minutes later: expired, the official code 46, at 99.01.
    e = emvqr.check(s, now_ms=NOW).error
    assert (e.kind, e.khqr_code, e.khqr_key, e.path) == ("invalid_value", 46, "KHQR_EXPIRED", "99.01")
    # Offsets count bytes: each Khmer character of the name is three.
    assert e.offset == s.encode().index(b"0113176722530")
    # One character of the bill number changed: the CRC fails at the checksum's offset.
    t = (
        "00020101021226380009SG.PAYNOW010100211+659123456703010520400005303702540524.105802SG"
        "5904Mark6009Singapore62160112Din Tai Fong630490FC"
    )
    e = emvqr.check(t, now_ms=NOW).error
    assert (e.kind, e.offset, e.path) == ("crc_mismatch", len(t) - 4, "63")
    assert emvqr.check(t, now_ms=NOW).errors[0].to_dict() == e.to_dict()


@pytest.mark.parametrize("kwargs", [{}, {"lenient": True}, {"scheme": "khqr"}, {"scheme": "emv"}])
def test_verify_and_describe_false_keep_the_judgement(kwargs):
    texts = every_vector_input() + EXTRA
    for text in texts:
        full = emvqr.check(text, now_ms=NOW, **kwargs)
        judged = emvqr.check(text, now_ms=NOW, describe=False, **kwargs)
        assert judged.valid == full.valid, text
        assert (judged.error.to_dict() if judged.error else None) == (
            full.error.to_dict() if full.error else None
        ), text
        assert [w.to_dict() for w in judged.warnings] == [w.to_dict() for w in full.warnings]
        assert judged.schemes == full.schemes, text
        assert (judged.intent.to_dict() if judged.intent else None) == (
            full.intent.to_dict() if full.intent else None
        ), text
        assert judged.fields == {} and judged.reencoded is None, text
        verified = emvqr.verify(text, now_ms=NOW, **kwargs)
        assert (verified.to_dict() if verified else None) == (
            full.error.to_dict() if full.error else None
        ), text
    assert len(texts) > 150
