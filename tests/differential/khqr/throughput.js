#!/usr/bin/env node
// Times the official SDK's BakongKHQR.verify over a corpus (one payload per line), clock
// fixed at 2026-01-01T00:00:00Z, for at least one second after a warm-up pass.
//
//   node throughput.js CORPUS_FILE
"use strict";

const fs = require("fs");
Date.now = () => 1767225600000;
const { BakongKHQR } = require("bakong-khqr");

const corpus = fs
    .readFileSync(process.argv[2], "utf8")
    .split("\n")
    .filter((l) => l !== "");
let valid = 0;
for (const p of corpus) if (BakongKHQR.verify(p).isValid) valid++;
const start = process.hrtime.bigint();
let n = 0;
let sink = 0;
while (Number(process.hrtime.bigint() - start) < 1e9) {
    for (const p of corpus) sink += BakongKHQR.verify(p).isValid ? 1 : 0;
    n += corpus.length;
}
const ns = Number(process.hrtime.bigint() - start) / n;
console.log(
    `bakong-khqr verify: ${corpus.length} payloads (${valid} valid), ${ns.toFixed(0)} ns/verify, ${(1e9 / ns).toFixed(0)} verifies/s` +
        (sink < 0 ? "" : "")
);
