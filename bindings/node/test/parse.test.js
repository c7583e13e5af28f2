"use strict";
// `parse`: the crate's EMV parse and the leaf fields, without a verdict. It must say what
// `check` says when forced to the EMV rules (`scheme: "emv"`), which the vectors test holds to
// the command line: the same fields for a payload that parses, the same first error otherwise.

const test = require("node:test");
const assert = require("node:assert/strict");
const emvqr = require("..");
const { NOW, everyVectorInput } = require("./common");

const PROMPTPAY = "00020101021229370016A000000677010111011300668912345675802TH5303764541113371337.756304B7D7";

/** Holds `parse(text, { lenient })` to `check` under the EMV rules: the same fields in the
 * same order, or the same first error. Whether the text parsed. */
function parsesAsChecked(text, lenient) {
  const v = emvqr.check(text, { nowMs: NOW, scheme: "emv", lenient });
  let fields;
  try {
    fields = emvqr.parse(text, { lenient });
  } catch (error) {
    assert.equal(v.valid, false, text);
    assert.equal(error.name, "EmvqrError", text);
    assert.equal(error.code, "EMVQR_INVALID", text);
    // The verdict's message also names the field as the scheme does.
    assert.deepStrictEqual(
      [error.kind, error.offset, error.path],
      [v.error.kind, v.error.offset, v.error.path],
      text,
    );
    assert.ok(error.message.length > 0, text);
    return false;
  }
  assert.equal(v.valid, true, text);
  assert.deepStrictEqual(Object.entries(fields), Object.entries(v.fields), text);
  return true;
}

for (const lenient of [false, true]) {
  test(`every vector text parses as check judges it under the EMV rules (lenient: ${lenient})`, () => {
    const texts = everyVectorInput();
    const parsed = texts.filter((text) => parsesAsChecked(text, lenient)).length;
    // Both sides are exercised.
    const refused = texts.length - parsed;
    assert.ok(parsed > 50 && refused > 50, `${parsed} parsed, ${refused} refused`);
  });
}

/** CRC-16/CCITT-FALSE of the UTF-8 bytes of `s`, as four uppercase hex digits (to make a
 * mutated payload's checksum right again, so that its other rules are reached). */
function crc16(s) {
  let crc = 0xffff;
  for (const b of Buffer.from(s, "utf8")) {
    crc ^= b << 8;
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

test("mutated vector texts parse as check judges them under the EMV rules", () => {
  // A fixed sequence of edits (delete, insert, replace or swap a character, the checksum made
  // right again three times in four), so that a failure names the same text on every run.
  let seed = 12345;
  const next = (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const texts = everyVectorInput();
  const inserted = [..."0123456789ABZ é😀"];
  let parsed = 0;
  for (let k = 0; k < 10000; k++) {
    const chars = [...texts[next(texts.length)]];
    const i = next(chars.length + 1);
    switch (next(4)) {
      case 0:
        chars.splice(i, 1);
        break;
      case 1:
        chars.splice(i, 0, inserted[next(inserted.length)]);
        break;
      case 2:
        chars[i] = String(next(10));
        break;
      default: {
        const j = next(chars.length);
        [chars[i], chars[j]] = [chars[j], chars[i]];
      }
    }
    let text = chars.join("");
    if (next(4) !== 0 && /6304[0-9A-Fa-f]{4}$/.test(text)) {
      text = text.slice(0, -4) + crc16(text.slice(0, -4));
    }
    for (const lenient of [false, true]) {
      if (parsesAsChecked(text, lenient)) parsed++;
    }
  }
  assert.ok(parsed > 200, `${parsed} parsed`);
});

test("the fields of a payload, and its first error", () => {
  // A PromptPay code without 52, 59 and 60, which the EMV rules require: let through by the
  // lenient rules only.
  assert.throws(() => emvqr.parse(PROMPTPAY), { name: "EmvqrError", kind: "missing", offset: 81, path: "52" });
  const fields = emvqr.parse(PROMPTPAY, { lenient: true });
  assert.deepStrictEqual(Object.entries(fields).sort(), [
    ["00", "01"],
    ["01", "12"],
    ["29.00", "A000000677010111"],
    ["29.01", "0066891234567"],
    ["53", "764"],
    ["54", "13371337.75"],
    ["58", "TH"],
    ["63", "B7D7"],
  ]);
  const broken = PROMPTPAY.slice(0, -1) + "8";
  assert.throws(() => emvqr.parse(broken, { lenient: true }), {
    name: "EmvqrError",
    kind: "crc_mismatch",
    offset: 85,
    path: "63",
  });
  assert.throws(() => emvqr.parse("hello, world"), { name: "EmvqrError" });
  assert.throws(() => emvqr.parse(""), { name: "EmvqrError" });
});

test("values after characters outside the Basic Multilingual Plane", () => {
  // JavaScript indexes strings in UTF-16 units: an emoji counts two, a Thai letter one.
  const entries = [
    ["00", "01"],
    ["01", "11"],
    ["29.00", "A000000677010111"],
    ["29.01", "0066891234567"],
    ["52", "5999"],
    ["53", "764"],
    ["58", "TH"],
    ["59", "Shop"],
    ["60", "Bangkok"],
    ["64.00", "TH"],
    ["64.01", "ร้าน 😀 ค้า"],
    ["64.02", "กรุงเทพ 😀😀"],
  ];
  const payload = emvqr.build(entries);
  const fields = emvqr.parse(payload);
  const { 63: crc, ...rest } = fields;
  assert.deepStrictEqual(rest, Object.fromEntries(entries));
  assert.equal(crc, payload.slice(-4));
});

test("the options of parse", () => {
  const strict = { name: "EmvqrError", kind: "missing" };
  for (const options of [undefined, null, {}, { lenient: null }, { lenient: false }]) {
    assert.throws(() => emvqr.parse(PROMPTPAY, options), strict);
  }
  assert.equal(emvqr.parse(PROMPTPAY, { lenient: true })["54"], "13371337.75");
  assert.throws(() => emvqr.parse(PROMPTPAY, 1), { name: "TypeError", message: /options must be an object/ });
  assert.throws(() => emvqr.parse(PROMPTPAY, { lenient: "yes" }), { name: "TypeError", message: /lenient/ });
  assert.throws(() => emvqr.parse(42));
});
