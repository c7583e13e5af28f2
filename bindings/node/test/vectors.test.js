"use strict";
// The shared vectors (tests/vectors/*.tsv): the same verdicts, fields and intents as Rust.
//
// Every text of every vector file is judged by the addon and by the `emvqr` command line at the
// same clock, under several rule sets: `toJSONString()` must be the command line's line byte for
// byte, `toJSON()` the same object, and the camelCase getters must say what the object says.
// The recorded columns of the vector files are then checked one by one, as the Rust tests do.

const test = require("node:test");
const assert = require("node:assert/strict");
const emvqr = require("..");
const { NOW, readTsv, everyVectorInput, runCli } = require("./common");

const MODES = [
  [[], {}],
  [["--lenient"], { lenient: true }],
  [["--profile", "khqr"], { scheme: "khqr" }],
  [["--profile", "emv"], { scheme: "emv" }],
  [["--profile", "elqr", "--lenient"], { scheme: "elqr", lenient: true }],
];

// Besides the vectors: the empty text, plain text, and a text over the 4,096-byte limit.
const EXTRA = ["", "hello, world", "0002010102" + "9".repeat(5000)];

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/** The JSON contract's snake_case object in the getters' shape: camelCase keys, absent for null
 * (account maps keep their keys: they are data, not names). */
function camelCased(v, key) {
  if (v === null) return undefined;
  if (Array.isArray(v)) return v.map((x) => camelCased(x));
  if (typeof v !== "object") return v;
  if (key === "account") return v;
  const out = {};
  for (const [k, x] of Object.entries(v)) {
    const c = camelCased(x, k);
    if (c !== undefined) out[camel(k)] = c;
  }
  return out;
}

test("every vector file is read", () => {
  const inputs = new Set(everyVectorInput());
  for (const name of [
    "emv-vectors.tsv",
    "khqr-vectors.tsv",
    "elqr-vectors.tsv",
    "cpm-vectors.tsv",
    "cpm-mvallim.tsv",
    "scheme-vectors.tsv",
    "render-vectors.tsv",
  ]) {
    const rows = readTsv(name);
    assert.ok(rows.length > 0, name);
    for (const r of rows) assert.ok(inputs.has(r.payload ?? r.input), name);
  }
});

for (const [args, options] of MODES) {
  test(`every vector gives the command line's object (${args.join(" ") || "default"})`, () => {
    const inputs = [...everyVectorInput(), ...EXTRA];
    const lines = runCli(["--now-ms", String(NOW), ...args], inputs);
    let valid = 0;
    inputs.forEach((text, i) => {
      const v = emvqr.check(text, { nowMs: NOW, ...options });
      const expected = JSON.parse(lines[i]);
      assert.equal(v.toJSONString(), lines[i], text);
      assert.deepStrictEqual(v.toJSON(), expected, text);
      assert.deepStrictEqual(
        [v.input, v.valid, v.family, v.scheme, v.schemes, v.reencoded],
        [expected.input, expected.valid, expected.family, expected.scheme, expected.schemes, expected.reencoded],
      );
      assert.deepStrictEqual(v.fields, expected.fields);
      assert.deepStrictEqual(Object.fromEntries(v.fieldEntries), expected.fields);
      assert.deepStrictEqual(v.error ?? undefined, camelCased(expected.error));
      assert.deepStrictEqual(v.warnings, camelCased(expected.warnings));
      const intent = v.intent;
      if (expected.intent === null) {
        assert.equal(intent, null);
      } else {
        const { displayAmount, expiresAtIso, ...rest } = intent;
        assert.deepStrictEqual(rest, camelCased(expected.intent), text);
        if (expected.intent.expires_at_ms !== null) {
          assert.equal(expiresAtIso, new Date(expected.intent.expires_at_ms).toISOString());
        }
        if (expected.intent.amount === null) assert.equal(displayAmount, undefined);
      }
      valid += v.valid;
    });
    // Not a vacuous comparison: both valid and invalid codes are in the set.
    assert.ok(valid > 0 && valid < inputs.length);
  });
}

const problem = (p) => `${p.kind}@${p.offset}:${p.path}`;
const opt = (s) => (s === "-" || s === "skip" ? null : s);

test("KHQR vectors give the official codes", () => {
  const rows = readTsv("khqr-vectors.tsv");
  assert.equal(rows.length, 61);
  for (const r of rows) {
    const v = emvqr.check(r.payload, { nowMs: NOW, scheme: "khqr" });
    assert.equal(v.valid ? "valid" : `code-${v.error.khqrCode}`, r.khqr_official_verdict, r.payload);
  }
});

test("ELQR vectors give their verdicts and warnings", () => {
  const rows = readTsv("elqr-vectors.tsv");
  assert.equal(rows.length, 17);
  for (const r of rows) {
    const v = emvqr.check(r.input, { nowMs: NOW });
    const got = v.valid
      ? "valid" + v.warnings.map((w) => `;warn=${problem(w)}`).join("")
      : `error=${problem(v.error)}`;
    assert.equal(got, r.verdict, r.input);
  }
});

test("EMV vectors give the strict verdicts and hold their fields", () => {
  const rows = readTsv("emv-vectors.tsv");
  assert.equal(rows.length, 151);
  let fields = 0;
  for (const r of rows) {
    const v = emvqr.check(r.payload, { nowMs: NOW, scheme: "emv" });
    if (v.valid) assert.equal(r.emv_strict.split(":")[0], "valid", r.payload);
    else assert.equal(`error:${problem(v.error)}`, r.emv_strict, r.payload);
    if (!r.fields) continue;
    const lenient = emvqr.check(r.payload, { nowMs: NOW, lenient: true }).fields;
    for (const pair of r.fields.split(";")) {
      const [p, ...value] = pair.split("=");
      assert.equal(lenient[p], value.join("="), `${r.payload} ${p}`);
      fields += 1;
    }
  }
  assert.ok(fields > 100);
});

test("scheme vectors give their schemes and intents", () => {
  const rows = readTsv("scheme-vectors.tsv");
  assert.equal(rows.length, 151);
  for (const r of rows) {
    const v = emvqr.check(r.payload, { nowMs: NOW });
    assert.equal(v.scheme, opt(r.primary), r.row);
    assert.deepStrictEqual(v.schemes, opt(r.schemes) ? r.schemes.split(",") : [], r.row);
    if (r.amount === "skip") continue;
    const i = v.intent;
    const num = (s) => (opt(s) === null ? null : Number(s));
    assert.deepStrictEqual(
      [i.amount ?? null, i.amountMinor ?? null, i.currency ?? null, i.payee.name ?? null, i.expiresAtMs ?? null],
      [opt(r.amount), num(r.amount_minor), opt(r.currency), opt(r.payee_name), num(r.expires_at_ms)],
      r.row,
    );
  }
});

test("CPM vectors give their family, scheme and fields", () => {
  const rows = readTsv("cpm-vectors.tsv");
  assert.equal(rows.length, 5);
  const byLabel = {};
  for (const r of rows) {
    byLabel[r.label] = r.payload;
    const v = emvqr.check(r.payload, { nowMs: NOW });
    assert.equal(v.family, r.family);
    assert.equal(v.scheme, r.scheme || null);
    if (r.schemes_include) assert.ok(v.schemes.includes(r.schemes_include));
    assert.equal(v.valid, r.verdict === "valid");
  }
  for (const f of readTsv("cpm-fields.tsv")) {
    assert.equal(emvqr.check(byLabel[f.label], { nowMs: NOW }).fields[f.path], f.value);
  }
  for (const r of readTsv("cpm-mvallim.tsv").filter((r) => r.check === "field")) {
    assert.equal(emvqr.check(r.input, { nowMs: NOW }).fields[r.path], r.expected);
  }
});

test("hand-checked verdicts", () => {
  // The README's wallet example: a Khmer name counts 8 characters, not 22 bytes.
  const s =
    "00020101021229190015john_smith@devb520459995303840540155802KH5908ចន ស្មីន6010Phnom Penh" +
    "62090105INV-19934001317672250000000113176722530000063047873";
  const v = emvqr.check(s, { nowMs: 1767225100000 });
  assert.deepStrictEqual([v.valid, v.family, v.scheme], [true, "emv-mpm", "khqr"]);
  assert.equal(v.fields["59"], "ចន ស្មីន");
  assert.notEqual(v.fieldName("29.00"), "");
  assert.deepStrictEqual(
    v.fieldEntries.map(([p]) => p),
    ["00", "01", "29.00", "52", "53", "54", "58", "59", "60", "62.01", "99.00", "99.01", "63"],
  );
  const i = v.intent;
  assert.deepStrictEqual([i.displayAmount, i.amountMinor, i.currency], ["5.00", 500, "USD"]);
  assert.equal(i.expiresAtIso, "2025-12-31T23:55:00.000Z");
  // Five minutes later: expired, the official code 46, at 99.01 (offsets count bytes).
  const e = emvqr.check(s, { nowMs: NOW }).error;
  assert.deepStrictEqual(
    [e.kind, e.khqrCode, e.khqrKey, e.path, e.offset],
    ["invalid_value", 46, "KHQR_EXPIRED", "99.01", Buffer.from(s).indexOf("0113176722530")],
  );
  const t =
    "00020101021226380009SG.PAYNOW010100211+659123456703010520400005303702540524.105802SG" +
    "5904Mark6009Singapore62160112Din Tai Fong630490FC";
  const crc = emvqr.check(t, { nowMs: NOW }).error;
  assert.deepStrictEqual([crc.kind, crc.offset, crc.path], ["crc_mismatch", t.length - 4, "63"]);
});

for (const [, options] of MODES) {
  test(`verify and describe: false keep check's judgement (${JSON.stringify(options)})`, () => {
    let n = 0;
    for (const text of [...everyVectorInput(), ...EXTRA]) {
      const opts = { nowMs: NOW, ...options };
      const full = emvqr.check(text, opts);
      const judged = emvqr.check(text, { ...opts, describe: false });
      assert.equal(judged.valid, full.valid, text);
      assert.deepEqual(judged.error, full.error, text);
      assert.deepEqual(judged.warnings, full.warnings, text);
      assert.deepEqual(judged.schemes, full.schemes, text);
      assert.deepEqual(judged.intent, full.intent, text);
      assert.deepEqual(judged.fields, {}, text);
      assert.equal(judged.reencoded, null, text);
      assert.deepEqual(emvqr.verify(text, opts), full.error, text);
      n++;
    }
    assert.ok(n > 150, `${n} texts`);
  });
}
