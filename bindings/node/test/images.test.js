"use strict";
// Render and scan: images come back as the same verdicts; `scan` runs off the main thread.

const test = require("node:test");
const assert = require("node:assert/strict");
const zlib = require("node:zlib");
const emvqr = require("..");
const { NOW, readTsv } = require("./common");

const KHQR_KHMER =
  "00020101021229190015john_smith@devb520459995303840540155802KH5908ចន ស្មីន6010Phnom Penh" +
  "62090105INV-19934001317672250000000113176722530000063047873";

/** A white 8-bit grey PNG (no QR code in it). */
function blankPng(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (kind, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(kind), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width, 0xff)]);
  const raw = Buffer.concat(Array(height).fill(row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

test("render then scan gives the same verdict", async () => {
  // A KHQR whose name is Khmer: valid by the KHQR rules (not strict EMV), so it renders.
  const png = emvqr.renderPng(KHQR_KHMER, { nowMs: 1767225100000 });
  assert.ok(Buffer.isBuffer(png));
  assert.deepStrictEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  const [v] = await emvqr.scan(png, { nowMs: 1767225100000 });
  assert.equal(v.input, KHQR_KHMER);
  assert.deepStrictEqual(v.toJSON(), emvqr.check(KHQR_KHMER, { nowMs: 1767225100000 }).toJSON());
  // The scan judges at its own clock: later, the same code has expired (code 46).
  const [late] = emvqr.scanSync(png, { nowMs: NOW });
  assert.equal(late.error.khqrCode, 46);
});

test("render vectors round-trip through scan", async () => {
  const rows = readTsv("render-vectors.tsv");
  const picked = [
    ...rows.filter((r) => r.rules === "emv").filter((_, i) => i % 10 === 0),
    ...rows.filter((r) => r.rules === "elqr").filter((_, i) => i % 5 === 0),
  ];
  assert.ok(picked.length >= 8);
  for (const r of picked) {
    const png = emvqr.renderPng(r.payload, { scheme: r.rules });
    const found = await emvqr.scan(png, { scheme: r.rules, nowMs: NOW });
    assert.deepStrictEqual(
      found.map((v) => v.toJSON()),
      [emvqr.check(r.payload, { scheme: r.rules, nowMs: NOW }).toJSON()],
    );
  }
});

test("SVG", () => {
  const svg = emvqr.renderSvg(KHQR_KHMER, { scale: 4, quietZone: 2, ec: "H" });
  assert.ok(svg.startsWith("<svg") && svg.trimEnd().endsWith("</svg>"));
});

test("render refuses what check refuses", () => {
  const broken = KHQR_KHMER.slice(0, -1) + "0";
  const expected = emvqr.check(broken, { nowMs: NOW }).error;
  assert.throws(() => emvqr.renderPng(broken), (e) => {
    assert.deepStrictEqual(
      [e.name, e.kind, e.offset, e.path, e.khqrCode],
      ["KhqrError", expected.kind, expected.offset, expected.path, expected.khqrCode],
    );
    return true;
  });
  assert.throws(() => emvqr.renderSvg("hello, world"), { name: "EmvqrError", kind: "not_payment_code" });
  // Expired at the clock given; without a clock, expiry is not judged.
  assert.throws(() => emvqr.renderPng(KHQR_KHMER, { nowMs: NOW }), { khqrCode: 46 });
  assert.ok(emvqr.renderPng(KHQR_KHMER).length > 0);
  assert.throws(() => emvqr.renderPng(KHQR_KHMER, { ec: "X" }), /ec must be/);
  assert.throws(() => emvqr.renderPng(KHQR_KHMER, { scale: 0 }), /scale/);
});

test("scan rejects what is not an image, and finds nothing in a blank one", async () => {
  await assert.rejects(emvqr.scan(Buffer.from("not an image")), /PNG/);
  assert.throws(() => emvqr.scanSync(blankPng(64, 64).subarray(0, 40)));
  assert.deepStrictEqual(await emvqr.scan(blankPng(64, 64)), []);
});

test("scan runs off the main thread: timers fire while it works", async () => {
  const image = blankPng(1600, 1600);
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 0);
  const pending = emvqr.scan(image);
  assert.equal(ticks, 0);
  assert.deepStrictEqual(await pending, []);
  clearInterval(timer);
  assert.ok(ticks > 0, "the event loop was blocked during the scan");
  // The synchronous form blocks: no timer can fire during it.
  ticks = 0;
  const again = setInterval(() => (ticks += 1), 0);
  emvqr.scanSync(image);
  const during = ticks;
  clearInterval(again);
  assert.equal(during, 0);
});
