"""Side-by-side: emvqr against the Python packages its users would pick, on the same payloads.

    pip install qriskit==0.2.0 cemacqr==0.1.2
    python bench/bench.py

Parse + validate of real payloads from the repository's vectors (tests/vectors), each library
doing its whole job: emvqr's `check` (family, scheme, every rule of the scheme, CRC, fields,
intent), qriskit's `validate` (parse + every QRIS rule), cemacqr's `parse_payload` + `validate`
(EMVCo profile). `to_dict()` also converts emvqr's whole verdict to Python objects (what a
decoder hands on). Best of 7 interleaved rounds; times per payload; one process, one run.
"""

import platform
import sys
import time
from pathlib import Path

import emvqr

NOW = 1_767_225_600_000
VECTORS = Path(__file__).resolve().parents[3] / "tests" / "vectors"


def rows(name):
    lines = [l for l in (VECTORS / name).read_text(encoding="utf-8").split("\n") if l and not l.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, l.split("\t"))) for l in lines[1:]]


def best_ns_per_item(fns, items, min_seconds=0.04, rounds=7):
    """Best time per item of each contender: runs interleaved (every contender once per round,
    ROUNDS rounds), so that a change of load on the machine hits them all alike."""
    loops = []
    for fn in fns:
        n = 1
        while True:
            t = time.perf_counter_ns()
            for _ in range(n):
                for s in items:
                    fn(s)
            if time.perf_counter_ns() - t > min_seconds * 1e9:
                break
            n *= 2
        loops.append(n)
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            t = time.perf_counter_ns()
            for _ in range(loops[i]):
                for s in items:
                    fn(s)
            best[i] = min(best[i], (time.perf_counter_ns() - t) / (loops[i] * len(items)))
    return best


def main():
    import cemacqr
    import qriskit

    qris = [r["payload"] for r in rows("scheme-vectors.tsv") if r["primary"] == "qris"]
    emv = []
    for r in rows("emv-vectors.tsv"):
        s = r["payload"]
        if r["emv_strict"].startswith("valid") and s not in emv:
            emv.append(s)

    # Every library accepts every payload of its set: a benchmark of refusals would be unfair.
    for s in qris:
        assert emvqr.check(s, now_ms=NOW).valid
        assert not [i for i in qriskit.validate(s) if i.severity == "error"], s
    for s in qris + emv:
        assert cemacqr.validate(cemacqr.parse_payload(s)).ok, s
    for s in emv:
        assert emvqr.check(s, now_ms=NOW, scheme="emv").valid, s

    contenders = {
        "emvqr check": lambda s: emvqr.check(s, now_ms=NOW).valid,
        "emvqr check + to_dict": lambda s: emvqr.check(s, now_ms=NOW).to_dict(),
        "emvqr verify": lambda s: emvqr.verify(s, now_ms=NOW) is None,
        "qriskit validate": qriskit.validate,
        "cemacqr parse + validate": lambda s: cemacqr.validate(cemacqr.parse_payload(s)),
    }
    sets = [
        (f"QRIS ({len(qris)} real payloads)", qris, list(contenders)),
        (
            f"EMV ({len(emv)} strict-valid payloads)",
            emv,
            ["emvqr check", "emvqr check + to_dict", "emvqr verify", "cemacqr parse + validate"],
        ),
    ]
    from importlib.metadata import version

    print(
        f"Python {platform.python_version()} on {platform.machine()}, emvqr {emvqr.__version__}, "
        f"qriskit {version('qriskit')}, cemacqr {version('cemacqr')}\n"
    )
    print("| payloads | library | µs per payload | × emvqr check |")
    print("|---|---|---:|---:|")
    for title, items, names in sets:
        times = best_ns_per_item([contenders[n] for n in names], items)
        for name, ns in zip(names, times):
            print(f"| {title} | {name} | {ns / 1000:.2f} | {ns / times[0]:.1f} |")
        sys.stdout.flush()

if __name__ == "__main__":
    main()
