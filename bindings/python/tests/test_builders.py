"""Builders: every output passes check() under its scheme, refusals raise with kind, offset and
path (and the official code for KHQR), and a KHQR built here is accepted by the official SDK."""

import pytest

import emvqr
from emvqr import elqr, khqr, paynow, pix, promptpay, vietqr

from conftest import NOW, official_sdk


def judged(payload: str, scheme: str) -> emvqr.Verdict:
    v = emvqr.check(payload, now_ms=NOW)
    assert v.valid, (payload, v.error and v.error.message)
    assert v.scheme == scheme
    assert v.reencoded == payload
    return v


def test_khqr_individual_and_merchant():
    b = khqr.build(
        "coffee@aclb",
        "Coffee Khlaing",
        "Phnom Penh",
        currency="USD",
        amount="2.5",
        expires_at_ms=NOW + 600_000,
        now_ms=NOW,
        bill_number="INV-42",
    )
    payload, md5 = b
    assert (payload, md5) == (b.payload, b.md5)
    assert len(md5) == 32 and md5 == md5.lower()
    v = judged(payload, "khqr")
    assert v.fields["29.00"] == "coffee@aclb"
    assert v.fields["54"] == "2.50"
    assert v.fields["99.00"] == str(NOW)
    assert v.intent.expires_at_ms == NOW + 600_000
    m = khqr.build(
        "khqr@aclb",
        "KHQR TESTING",
        "Phnom Penh",
        merchant_id="85512464906",
        acquiring_bank="ACLEDA Bank Plc",
        language_preference="km",
        alternate_name="ខេអេចឃ្យូអា",
        now_ms=NOW,
    )
    v = judged(m.payload, "khqr")
    assert (v.fields["30.00"], v.fields["30.01"], v.fields["64.01"]) == (
        "khqr@aclb",
        "85512464906",
        "ខេអេចឃ្យូអា",
    )


def test_khqr_refusals_carry_the_official_codes():
    with pytest.raises(emvqr.KhqrError) as e:
        khqr.build("a@b", "A", "B", amount="10.5", now_ms=NOW)
    assert (e.value.khqr_code, e.value.khqr_key, e.value.path, e.value.offset) == (
        4,
        "TRANSACTION_AMOUNT_INVALID",
        "54",
        0,
    )
    assert e.value.kind == "invalid_amount"
    assert isinstance(e.value, emvqr.EmvqrError) and isinstance(e.value, ValueError)
    # A dynamic code without an expiry: code 45 (EXPIRATION_TIMESTAMP_REQUIRED).
    with pytest.raises(emvqr.KhqrError) as e:
        khqr.build("a@b", "A", "B", amount="100", now_ms=NOW)
    assert (e.value.khqr_code, e.value.khqr_key) == (45, "EXPIRATION_TIMESTAMP_REQUIRED")
    with pytest.raises(emvqr.KhqrError) as e:
        khqr.build("a@b", "A", "B", currency="EUR", now_ms=NOW)
    assert e.value.khqr_key == "UNSUPPORTED_CURRENCY"


def test_khqr_without_a_clock_reads_the_system_clock():
    import time

    before = time.time_ns() // 1_000_000
    b = khqr.build("a@devb", "A", "Phnom Penh", amount="100", expires_at_ms=before + 3_600_000)
    after = time.time_ns() // 1_000_000
    created = int(emvqr.check(b.payload).fields["99.00"])
    assert before <= created <= after
    assert emvqr.check(b.payload).valid
    assert emvqr.check(b.payload, now_ms=before + 3_600_001).error.khqr_code == 46


def test_a_khqr_built_here_is_accepted_by_the_official_sdk(khqr_sdk):
    built = [
        khqr.build("john_smith@devb", "John Smith", "Phnom Penh", now_ms=NOW),
        khqr.build(
            "coffee@aclb",
            "Coffee Khlaing",
            "Siem Reap",
            currency="USD",
            amount="1.5",
            expires_at_ms=NOW + 3_600_000,
            now_ms=NOW,
            bill_number="INV-2026-01",
            mobile_number="85512345678",
            store_label="Coffee Khlaing",
            terminal_label="Counter 2",
            purpose="Coffee",
        ),
        khqr.build(
            "khqr@aclb",
            "KHQR TESTING",
            "Phnom Penh",
            merchant_id="85512464906",
            acquiring_bank="ACLEDA Bank Plc",
            amount="50000",
            expires_at_ms=NOW + 600_000,
            now_ms=NOW,
            language_preference="km",
            alternate_name="ខេអេចឃ្យូអា",
            alternate_city="ភ្នំពេញ",
        ),
    ]
    requests = [{"op": "verify", "payload": b.payload} for b in built]
    requests += [{"op": "decode", "payload": b.payload} for b in built]
    results = official_sdk(khqr_sdk, requests, NOW)
    assert [r["outcome"] for r in results[: len(built)]] == ["valid"] * len(built)
    decoded = [r["data"] for r in results[len(built) :]]
    assert decoded[0]["bakongAccountID"] == "john_smith@devb"
    assert decoded[1]["merchantName"] == "Coffee Khlaing"
    assert decoded[1]["billNumber"] == "INV-2026-01"
    assert str(decoded[1]["transactionAmount"]) in ("1.5", "1.50")
    assert decoded[2]["merchantID"] == "85512464906"
    assert decoded[2]["merchantNameAlternateLanguage"] == "ខេអេចឃ្យូអា"


def test_elqr_payload_and_link():
    s = elqr.build(
        "qr.finik.kg",
        "Кофейня Арча",
        dynamic=True,
        service_code="cafe",
        transaction_id="order-1042",
        amount_som="350.50",
    )
    v = judged(s, "elqr")
    assert v.intent.amount_minor == 35_050 and v.intent.currency == "KGS"
    link = elqr.build_link(
        "https://qr.finik.kg/",
        "qr.finik.kg",
        "Кофейня Арча",
        service_code="cafe",
        comment="стол 4",
        fields=[("acc", "Счёт", "123", "Лицевой счёт", True)],
        amount_tyiyn=12_000,
    )
    assert link.startswith("https://qr.finik.kg/#000201010211")
    v = judged(link, "elqr")
    assert v.input == link and v.intent.amount_minor == 12_000
    with pytest.raises(emvqr.EmvqrError) as e:
        elqr.build("qr.finik.kg", "A")
    assert (e.value.kind, e.value.path) == ("missing", "32.01")
    with pytest.raises(TypeError):
        elqr.build("qr.finik.kg", "A", service_code="x", amount_tyiyn=1, amount_som="1")


def test_pix():
    s = pix.build("fulano@example.com", "Fulano de Tal", "BRASILIA", amount="10.50", txid="PEDIDO42")
    v = judged(s, "pix")
    assert (v.fields["26.01"], v.fields["62.05"], v.intent.amount_minor) == (
        "fulano@example.com",
        "PEDIDO42",
        1050,
    )
    with pytest.raises(emvqr.EmvqrError) as e:
        pix.build("not a key", "Fulano", "BRASILIA")
    assert (e.value.kind, e.value.path) == ("invalid_value", "26.01")


def test_promptpay():
    v = judged(promptpay.mobile("0812345678", amount="100.25"), "promptpay")
    assert (v.fields["29.01"], v.intent.amount_minor, v.intent.currency) == ("0066812345678", 10025, "THB")
    judged(promptpay.national_id("1234567890123"), "promptpay")
    judged(promptpay.ewallet("123456789012345"), "promptpay")
    v = judged(promptpay.bill_payment("010555012345601", "INV1", ref2="REF2", amount="5"), "promptpay")
    assert (v.fields["30.02"], v.fields["30.03"]) == ("INV1", "REF2")
    with pytest.raises(emvqr.EmvqrError) as e:
        promptpay.mobile("no digits")
    assert (e.value.kind, e.value.path) == ("invalid_value", "29.01")


def test_paynow():
    v = judged(paynow.mobile("+6591234567", amount="24.10", reference="Din Tai Fung"), "paynow")
    assert (v.fields["26.02"], v.fields["62.01"], v.intent.amount_minor) == ("+6591234567", "Din Tai Fung", 2410)
    judged(paynow.uen("201403121W", expiry="20991231", merchant_name="ACME"), "paynow")
    with pytest.raises(emvqr.EmvqrError) as e:
        paynow.mobile("+6591234567", expiry="2026-13-45")
    assert (e.value.kind, e.value.path) == ("invalid_value", "26.04")


def test_vietqr():
    v = judged(vietqr.account("970436", "0011001932418", amount="50000", purpose="Thanh toan"), "vietqr")
    assert v.fields["38.01"] == "0006970436" + "0113" + "0011001932418"
    assert v.intent.routes[0]["account"] == {"bin": "970436", "account": "0011001932418", "service_code": "QRIBFTTA"}
    assert v.intent.amount_minor == 50000
    judged(vietqr.card("970436", "9704361234567890"), "vietqr")
    with pytest.raises(emvqr.EmvqrError) as e:
        vietqr.account("97043", "1")
    assert (e.value.kind, e.value.path) == ("invalid_value", "38.01.00")


def test_generic_builder_round_trips_the_fields_of_a_verdict():
    s = (
        "00020101021226380009SG.PAYNOW010100211+659123456703010520400005303702540524.105802SG"
        "5904Mark6009Singapore62160112Din Tai Fung630490FC"
    )
    fields = emvqr.check(s, now_ms=NOW).fields
    assert emvqr.build(fields) == s
    assert emvqr.build(list(fields.items())) == s
    with pytest.raises(emvqr.EmvqrError) as e:
        emvqr.build({"00": "01", "x1": "y"})
    assert (e.value.kind, e.value.offset) == ("invalid_id", 1)


def test_cpm_builder_round_trips():
    s = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8="
    v = emvqr.check(s, now_ms=NOW)
    assert v.family == "emv-cpm"
    assert emvqr.cpm.build(v.fields) == s
    with pytest.raises(emvqr.EmvqrError) as e:
        emvqr.cpm.build({"85": "CPV01", "61.4F": "zz"})
    assert e.value.base64_offset is not None and e.value.kind
