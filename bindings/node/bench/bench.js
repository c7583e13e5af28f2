"use strict";
// Side-by-side: emvqr-native against the npm packages its users would pick, on the same payloads.
//
//   npm ci && npm run build && npm run bench
//
// Real payloads from the repository's vectors (tests/vectors), each library doing its job:
// - verify: is this code acceptable? emvqr's `verify(...)` (family, scheme, every rule of the
//   scheme, CRC, expiry at the clock: `check` building nothing but the error), and
//   `check(...).valid` for comparison; the official `BakongKHQR.verify(...).isValid`;
//   promptparse's strict `parse` (CRC, TLV); pix-utils' `parsePix` (CRC, TLV, Pix fields).
// - decode: the fields as JavaScript values. emvqr: `check` then `fields` and `intent`;
//   `BakongKHQR.decode(...).data`; pix-utils `parsePix`. promptparse's `parse(s, true, true)`
//   (CRC, TLV, sub-tags) gives the data objects and nothing more: its counterpart is emvqr's
//   `parse` (CRC, the EMV rules, the leaf fields), lenient because PromptPay codes leave out
//   objects the EMV rules require (52, 59, 60); `check` is measured beside it.
// Best of 7 interleaved rounds; times per payload; all in one process, one run. The clock is the real one
// (the official SDK reads Date.now): only payloads every library accepts now are used.

const path = require("node:path");
const fs = require("node:fs");
const emvqr = require("..");
const { BakongKHQR } = require("bakong-khqr");
const promptparse = require("promptparse");
const { parsePix, hasError } = require("pix-utils");

const VECTORS = path.resolve(__dirname, "..", "..", "..", "tests", "vectors");

function rows(name) {
  const lines = fs
    .readFileSync(path.join(VECTORS, name), "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#"));
  const header = lines[0].split("\t");
  return lines.slice(1).map((l) => Object.fromEntries(l.split("\t").map((c, i) => [header[i], c])));
}

/** Best time per item of each contender: runs interleaved (every contender once per round,
 * 7 rounds), so that a change of load on the machine hits them all alike. */
function bestNsPerItem(fns, items, minMs = 40, rounds = 7) {
  const loops = fns.map((fn) => {
    let n = 1;
    for (;;) {
      const t = process.hrtime.bigint();
      for (let k = 0; k < n; k++) for (const s of items) fn(s);
      if (Number(process.hrtime.bigint() - t) > minMs * 1e6) return n;
      n *= 2;
    }
  });
  const best = fns.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) => {
      const t = process.hrtime.bigint();
      for (let k = 0; k < loops[i]; k++) for (const s of items) fn(s);
      best[i] = Math.min(best[i], Number(process.hrtime.bigint() - t) / (loops[i] * items.length));
    });
  }
  return best;
}

const now = Date.now();
const scheme = rows("scheme-vectors.tsv");
const of = (id) => [...new Set(scheme.filter((r) => r.primary === id).map((r) => r.payload))];
const valid = (s) => emvqr.check(s, { nowMs: now }).valid;
// A peer that throws on a payload does not accept it (pix-utils throws on a Pix code without a
// city, 60, which the Pix rules accept with a warning).
const accepts = (fn) => (s) => {
  try {
    return fn(s);
  } catch {
    return false;
  }
};

const khqr = of("khqr").filter((s) => valid(s) && accepts((s) => BakongKHQR.verify(s).isValid)(s));
const emvqrParse = (s) => emvqr.parse(s, { lenient: true });
const promptpay = of("promptpay").filter(
  (s) => valid(s) && accepts(emvqrParse)(s) && accepts((s) => promptparse.parse(s, true) !== null)(s),
);
const pix = of("pix").filter((s) => valid(s) && accepts((s) => !hasError(parsePix(s)))(s));

const emvqrVerify = (s) => emvqr.verify(s, { nowMs: now }) === null;
const emvqrCheckValid = (s) => emvqr.check(s, { nowMs: now }).valid;
const emvqrDecode = (s) => {
  const v = emvqr.check(s, { nowMs: now });
  return [v.fields, v.intent];
};

const sets = [
  [`KHQR (${khqr.length})`, khqr, [
    ["verify", "emvqr-native", emvqrVerify],
    ["verify", "emvqr-native check().valid", emvqrCheckValid],
    ["verify", "bakong-khqr (official)", (s) => BakongKHQR.verify(s).isValid],
    ["decode", "emvqr-native", emvqrDecode],
    ["decode", "bakong-khqr (official)", (s) => BakongKHQR.decode(s).data],
  ]],
  [`PromptPay (${promptpay.length})`, promptpay, [
    ["verify", "emvqr-native", emvqrVerify],
    ["verify", "emvqr-native check().valid", emvqrCheckValid],
    ["verify", "promptparse", (s) => promptparse.parse(s, true) !== null],
    ["decode", "emvqr-native parse (lenient)", emvqrParse],
    ["decode", "emvqr-native check → fields + intent", emvqrDecode],
    ["decode", "promptparse", (s) => promptparse.parse(s, true, true)],
  ]],
  [`Pix (${pix.length})`, pix, [
    ["verify", "emvqr-native", emvqrVerify],
    ["verify", "emvqr-native check().valid", emvqrCheckValid],
    ["verify", "pix-utils", (s) => !hasError(parsePix(s))],
    ["decode", "emvqr-native", emvqrDecode],
    ["decode", "pix-utils", (s) => parsePix(s)],
  ]],
];

const version = (p) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, "..", "node_modules", p, "package.json"), "utf8")).version;
console.log(
  `Node ${process.version} on ${process.arch}, bakong-khqr ${version("bakong-khqr")}, ` +
    `promptparse ${version("promptparse")}, pix-utils ${version("pix-utils")}\n`,
);
console.log("| payloads | task | library | µs per payload | × emvqr-native |");
console.log("|---|---|---|---:|---:|");
for (const [title, items, contenders] of sets) {
  if (items.length === 0) throw new Error(`no ${title} payload accepted by every library`);
  const times = bestNsPerItem(contenders.map(([, , fn]) => fn), items);
  const base = {};
  contenders.forEach(([task, name], i) => {
    base[task] ??= times[i];
    console.log(`| ${title} | ${task} | ${name} | ${(times[i] / 1000).toFixed(2)} | ${(times[i] / base[task]).toFixed(1)} |`);
  });
}
