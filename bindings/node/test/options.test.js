"use strict";
// The options object of `check` and `verify`, read in JavaScript by the package's entry
// (emvqr.js) and passed to the addon as arguments: read as the addon read it.

const test = require("node:test");
const assert = require("node:assert");
const emvqr = require("..");
const { NOW } = require("./common");

// The README's wallet example: valid at `BEFORE`, expired (official code 46) five minutes later.
const KHQR =
  "00020101021229190015john_smith@devb520459995303840540155802KH5908ចន ស្មីន6010Phnom Penh" +
  "62090105INV-19934001317672250000000113176722530000063047873";
const BEFORE = 1767225100000;

test("every option is read, own, inherited or from a getter", () => {
  assert.equal(emvqr.check(KHQR, { nowMs: BEFORE }).valid, true);
  assert.equal(emvqr.verify(KHQR, { nowMs: NOW }).khqrCode, 46);
  class Clock {
    get nowMs() {
      return BEFORE;
    }
  }
  assert.equal(emvqr.verify(KHQR, new Clock()), null);
  assert.equal(emvqr.check(KHQR, Object.create({ nowMs: NOW })).error.khqrCode, 46);
  const forced = emvqr.check(KHQR, { nowMs: BEFORE, scheme: "emv", describe: false, allErrors: true });
  assert.deepStrictEqual([forced.scheme, forced.fields, forced.reencoded], ["emv", {}, null]);
  // A city of 16 characters: refused strictly, let through with a warning.
  const city =
    "00020101021252044131153137210116372101160123456789ABCDE6016Banteay Meanchey5913Kuntheas Sho" +
    "p5802KH540510.005303840621201081234567863041FF2";
  assert.equal(emvqr.verify(city, { nowMs: NOW }).kind, "value_too_long");
  const lenient = emvqr.check(city, { nowMs: NOW, lenient: true });
  assert.deepStrictEqual([lenient.valid, lenient.warnings.map((w) => w.kind)], [true, ["value_too_long"]]);
});

test("without options, or with null, the system clock is read", () => {
  // The clock of this machine is past the code's expiry.
  for (const v of [emvqr.check(KHQR), emvqr.check(KHQR, null), emvqr.check(KHQR, {})]) {
    assert.equal(v.error.khqrCode, 46);
  }
  assert.equal(emvqr.verify(KHQR, undefined).khqrCode, 46);
});

test("a wrong option is named", () => {
  assert.throws(() => emvqr.check(KHQR, { nowMs: "soon" }), /CheckOptionsJs\.nowMs/);
  assert.throws(() => emvqr.verify(KHQR, { lenient: 1 }), /CheckOptionsJs\.lenient/);
  assert.throws(() => emvqr.verify(KHQR, { describe: "no" }), /CheckOptionsJs\.describe/);
  assert.throws(() => emvqr.check(KHQR, { scheme: "nope" }), /unknown scheme identifier/);
});
