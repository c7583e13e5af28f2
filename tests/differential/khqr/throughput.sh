#!/usr/bin/env bash
# Runs emvqr's KHQR verify and the official SDK's over the same corpus, back to back, and
# prints the throughput ratio. Needs `npm ci` in this folder.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
corpus="$(mktemp)"
trap 'rm -f "$corpus"' EXIT
ours="$(cd "$root" && cargo run --quiet --release --example khqr_verify_throughput -- --write "$corpus")"
theirs="$(cd "$here" && node throughput.js "$corpus")"
echo "$ours"
echo "$theirs"
a="$(echo "$ours" | sed -E 's/.* ([0-9]+) ns\/verify.*/\1/')"
b="$(echo "$theirs" | sed -E 's/.* ([0-9]+) ns\/verify.*/\1/')"
awk -v a="$a" -v b="$b" 'BEGIN { printf "emvqr is %.1fx the throughput of bakong-khqr\n", b / a }'
