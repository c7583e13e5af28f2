"use strict";
// The package's `Verdict` (emvqr.js): a JavaScript class over the JSON the addon writes, parsed
// when first read, judged again with the same options and clock for `toJSONString`,
// `fieldEntries` and `fieldName`.

const test = require("node:test");
const assert = require("node:assert/strict");
const emvqr = require("..");
const { NOW } = require("./common");

// Valid at `BEFORE`, expired (official code 46) five minutes later; `NOW` is later still.
const KHQR =
  "00020101021229190015john_smith@devb520459995303840540155802KH5908ចន ស្មីន6010Phnom Penh" +
  "62090105INV-19934001317672250000000113176722530000063047873";
const BEFORE = 1767225100000;

test("check returns a Verdict whose parts are read once", () => {
  const v = emvqr.check(KHQR, { nowMs: BEFORE });
  assert.ok(v instanceof emvqr.Verdict);
  for (const part of ["schemes", "errors", "warnings", "fields", "fieldEntries", "intent"]) {
    assert.equal(v[part], v[part], part);
  }
  assert.equal(v.valid, true);
  assert.equal(v.error, null);
  assert.equal(v.input, KHQR);
  assert.equal(v.reencoded, KHQR);
  assert.equal(v.intent.amount, "5");
});

test("the JSON and the field list are judged at the verdict's own clock", () => {
  // Judged again at the system clock instead, the code would have expired.
  const before = emvqr.check(KHQR, { nowMs: BEFORE });
  assert.equal(before.toJSON().valid, true);
  assert.equal(JSON.parse(before.toJSONString()).intent.amount, "5");
  const after = emvqr.check(KHQR, { nowMs: NOW });
  assert.equal(after.toJSON().error.khqr_code, 46);
  assert.equal(after.error.khqrCode, 46);
  // Without a clock, the one read by `check` is kept: the same verdict every time.
  const now = emvqr.check(KHQR);
  assert.equal(now.toJSONString(), now.toJSONString());
  assert.equal(now.toJSON().error.khqr_code, now.error.khqrCode);
  // Forced rules and `describe: false` are kept too.
  const forced = emvqr.check(KHQR, { nowMs: BEFORE, scheme: "emv", describe: false });
  assert.deepStrictEqual([forced.scheme, forced.fieldEntries], ["emv", []]);
  assert.deepStrictEqual([forced.toJSON().scheme, forced.toJSON().fields], ["emv", {}]);
});

test("field names come with the entries, in payload order", () => {
  const v = emvqr.check(KHQR, { nowMs: BEFORE });
  assert.deepStrictEqual(
    v.fieldEntries.map(([p]) => p),
    ["00", "01", "29.00", "52", "53", "54", "58", "59", "60", "62.01", "99.00", "99.01", "63"],
  );
  assert.equal(v.fieldName("54"), "Transaction Amount");
  assert.equal(v.fieldName("29.00"), emvqr.check(KHQR, { nowMs: NOW }).fieldName("29.00"));
  assert.equal(v.fieldName("41"), "");
});

test("a text cut to 4,096 bytes keeps its cut input", () => {
  const long = "0002010102" + "9".repeat(5000);
  const v = emvqr.check(long, { nowMs: NOW });
  assert.equal(v.input, long.slice(0, 4096));
  assert.equal(v.toJSON().input, v.input);
  assert.equal(v.error.kind, "too_long");
  assert.equal(v.reencoded, null);
});

test("a lone surrogate reads as the U+FFFD the crate judged", () => {
  for (const text of ["\ud800", "0002010102\udfff99", "hello \ud83d"]) {
    const v = emvqr.check(text, { nowMs: NOW });
    assert.equal(v.input, v.toJSON().input, JSON.stringify(text));
    assert.ok(v.input.includes("\ufffd"), JSON.stringify(text));
  }
  // A character outside the BMP is a surrogate pair, kept as it is.
  const pair = emvqr.check("hello \ud83d\ude00", { nowMs: NOW });
  assert.equal(pair.input, "hello \ud83d\ude00");
});

test("every call reads the same clock when none is given", () => {
  const real = Date.now;
  try {
    Date.now = () => BEFORE;
    assert.equal(emvqr.check(KHQR).valid, true);
    assert.equal(emvqr.verify(KHQR), null);
    assert.equal(emvqr.verify(KHQR, {}), null);
    assert.equal(emvqr.check(KHQR).toJSON().valid, true);
    Date.now = () => NOW;
    assert.equal(emvqr.verify(KHQR).khqrCode, 46);
    assert.equal(emvqr.check(KHQR, null).error.khqrCode, 46);
  } finally {
    Date.now = real;
  }
});

test("wrong arguments are refused", async () => {
  assert.throws(() => emvqr.check(KHQR, 5), TypeError);
  assert.throws(() => emvqr.verify(KHQR, "now"), /must be an object, not string/);
  assert.throws(() => emvqr.scanSync(Buffer.alloc(8), true), TypeError);
  await assert.rejects(emvqr.scan(Buffer.alloc(8), 1767225600000), TypeError);
  await assert.rejects(emvqr.scan(Buffer.alloc(8), { nowMs: "soon" }), /CheckOptionsJs\.nowMs/);
  await assert.rejects(emvqr.scan(Buffer.alloc(8)), /not an image/);
  assert.throws(() => new emvqr.Verdict(), /made by check or scan/);
  assert.throws(() => emvqr.check(KHQR, { nowMs: NOW }).fieldName(54), TypeError);
});
