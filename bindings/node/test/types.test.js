"use strict";
// The TypeScript declarations (emvqr.d.ts, over index.d.ts generated from the Rust source by
// napi-rs) compile against a program that uses the whole API with its types.

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

test("emvqr.d.ts types the API", () => {
  const tsc = require.resolve("typescript/bin/tsc");
  const proc = spawnSync(
    process.execPath,
    [tsc, "--noEmit", "--strict", "--types", "node", "--skipLibCheck", "false", path.join(__dirname, "usage.ts")],
    { encoding: "utf8" },
  );
  assert.equal(proc.status, 0, proc.stdout + proc.stderr);
});
