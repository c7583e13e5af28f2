"use strict";
// Shared helpers: the repository's vector files and the `emvqr` command-line tool.

const fs = require("node:fs");
const path = require("node:path");
const { execFileSync, spawnSync } = require("node:child_process");

const REPO = path.resolve(__dirname, "..", "..", "..");
const VECTORS = path.join(REPO, "tests", "vectors");
// 2026-01-01T00:00:00Z, the clock of the Rust tests.
const NOW = 1767225600000;

/** The rows of tests/vectors/NAME as objects keyed by the header ('#' lines are comments). */
function readTsv(name) {
  const lines = fs
    .readFileSync(path.join(VECTORS, name), "utf8")
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#"));
  const header = lines[0].split("\t");
  return lines.slice(1).map((line) => {
    const cells = line.split("\t");
    if (cells.length !== header.length) throw new Error(`${name}: ${line.slice(0, 60)}`);
    return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
  });
}

/** Every text of every vector file (columns `payload` and `input`), first occurrence kept. */
function everyVectorInput() {
  const seen = new Set();
  for (const file of fs.readdirSync(VECTORS).filter((f) => f.endsWith(".tsv")).sort()) {
    for (const row of readTsv(file)) {
      for (const column of ["payload", "input"]) {
        if (column in row) seen.add(row[column]);
      }
    }
  }
  return [...seen];
}

let cliPath = null;

/** The `emvqr` command-line tool: $EMVQR_CLI, else built with cargo (a no-op when fresh). */
function cli() {
  if (cliPath) return cliPath;
  if (process.env.EMVQR_CLI) return (cliPath = process.env.EMVQR_CLI);
  const out = execFileSync("cargo", ["build", "-q", "-p", "emvqr-cli", "--message-format=json"], {
    cwd: REPO,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  for (const line of out.split("\n").filter(Boolean)) {
    const msg = JSON.parse(line);
    if (msg.reason === "compiler-artifact" && msg.executable && msg.target.name === "emvqr") {
      return (cliPath = msg.executable);
    }
  }
  throw new Error("cargo built no `emvqr` executable");
}

/** `emvqr decode --json ARGS` on LINES (stdin): one output line per input line. */
function runCli(args, lines) {
  const proc = spawnSync(cli(), ["decode", "--json", ...args], {
    input: lines.map((l) => l + "\n").join(""),
    encoding: "utf8",
    maxBuffer: 256 << 20,
  });
  if (proc.status !== 0 && proc.status !== 1) throw new Error(proc.stderr);
  const out = proc.stdout.split("\n");
  if (out.pop() !== "" || out.length !== lines.length) throw new Error("one line per input expected");
  return out;
}

module.exports = { REPO, VECTORS, NOW, readTsv, everyVectorInput, runCli };
