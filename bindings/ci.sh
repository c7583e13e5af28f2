#!/usr/bin/env bash
# CI for the Python and Node packages: each is built from source the way its README says (a
# fresh virtualenv and `pip install ./bindings/python`; `npm ci` and `npm test` in bindings/node)
# and its tests run against the `emvqr` command line built from the same tree.
#
# Called by .ci/run after the Rust tests, so the workspace target/ already holds the library and
# its dependencies in the dev profile: both extensions are built in that profile too (measured
# fastest here: only PyO3, napi-rs and the two small binding crates are left to compile; their
# tests take seconds either way). Benchmarks need release builds and are not run here.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
export CARGO_INCREMENTAL=0
step() { printf '\n=== bindings: %s (%ss)\n' "$1" "$SECONDS"; }

step "the command line the tests compare with"
# Built as the Rust tests build it (the same features, so nothing is rebuilt after them).
cargo test --workspace --all-features --no-run --quiet
target_dir=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
export EMVQR_CLI="$target_dir/debug/emvqr"
"$EMVQR_CLI" --version

step "the official KHQR SDK (tests/differential/khqr)"
if [ ! -d tests/differential/khqr/node_modules/bakong-khqr ]; then
  (cd tests/differential/khqr && npm ci --no-audit --no-fund --loglevel=error)
fi

step "Python: pip install ./bindings/python in a fresh virtualenv"
venv=$(mktemp -d)/venv
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
# The build backend (maturin) comes from the index into pip's isolated build environment.
MATURIN_PEP517_ARGS="--profile dev" "$venv/bin/pip" install --quiet --no-cache-dir \
  "./bindings/python[test]"

step "Python: tests"
(cd bindings/python && "$venv/bin/python" -m pytest -q -p no:cacheprovider)

step "Node: npm ci, npm test (which builds the addon)"
(cd bindings/node && npm ci --no-audit --no-fund --loglevel=error && npm test)

step "Node: the committed index.js and index.d.ts are what napi-rs generates"
git diff --exit-code -- bindings/node/index.js bindings/node/index.d.ts

step "bindings done"
