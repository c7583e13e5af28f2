"""`parse`: the crate's EMV parse and the leaf fields, without a verdict.

It must say what `check` says when forced to the EMV rules (`scheme="emv"`), which the vector
tests hold to the command line: the same fields for a payload that parses, the same first
error otherwise.
"""

import pytest

import emvqr

from conftest import NOW, every_vector_input

# A PromptPay code without 52, 59 and 60, which the EMV rules require.
PROMPTPAY = "00020101021229370016A000000677010111011300668912345675802TH5303764541113371337.756304B7D7"


@pytest.mark.parametrize("lenient", [False, True])
def test_every_vector_text_parses_as_check_judges_it_under_the_emv_rules(lenient):
    parsed = refused = 0
    for text in every_vector_input():
        v = emvqr.check(text, now_ms=NOW, scheme="emv", lenient=lenient)
        try:
            fields = emvqr.parse(text, lenient=lenient)
        except emvqr.EmvqrError as e:
            assert not v.valid, text
            # The verdict's message also names the field as the scheme does.
            assert (e.kind, e.offset, e.path) == (v.error.kind, v.error.offset, v.error.path), text
            assert type(e) is emvqr.EmvqrError and e.message == str(e) and e.message, text
            refused += 1
        else:
            assert v.valid, text
            assert list(fields.items()) == list(v.fields.items()), text
            parsed += 1
    # Both sides are exercised.
    assert parsed > 50 and refused > 50, (parsed, refused)


def test_the_fields_of_a_payload_and_its_first_error():
    with pytest.raises(emvqr.EmvqrError) as e:
        emvqr.parse(PROMPTPAY)
    assert (e.value.kind, e.value.offset, e.value.path) == ("missing", 81, "52")
    assert emvqr.parse(PROMPTPAY, lenient=True) == {
        "00": "01",
        "01": "12",
        "29.00": "A000000677010111",
        "29.01": "0066891234567",
        "58": "TH",
        "53": "764",
        "54": "13371337.75",
        "63": "B7D7",
    }
    with pytest.raises(emvqr.EmvqrError) as e:
        emvqr.parse(PROMPTPAY[:-1] + "8", lenient=True)
    assert (e.value.kind, e.value.offset, e.value.path) == ("crc_mismatch", 85, "63")
    for text in ["", "hello, world"]:
        with pytest.raises(emvqr.EmvqrError):
            emvqr.parse(text)
    with pytest.raises(TypeError):
        emvqr.parse(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        emvqr.parse(PROMPTPAY, True)  # type: ignore[misc]
