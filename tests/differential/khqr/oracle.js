#!/usr/bin/env node
// Runs the official Bakong KHQR SDK (bakong-khqr, pinned in package.json) on a batch of
// requests and prints one JSON result per request, in order.
//
//   node oracle.js [--now-ms MS] [--timeout-ms MS] < requests.jsonl > results.jsonl
//
// Requests, one JSON object per line:
//   {"op": "verify", "payload": "000201..."}
//   {"op": "generate", "type": "individual" | "merchant", "info": {...}}
//   {"op": "decode", "payload": "000201..."}
//
// Results:
//   verify:   {"outcome": "valid"}            the SDK's verify returns isValid = true
//             {"outcome": "invalid", "code": N} it returns false; N is the code its internal
//                                              checks throw (8 for the CRC/format/length gate)
//             {"outcome": "crash", "error": "TypeError: ..."}  a non-SDK exception (verify
//                                              swallows it and returns false)
//             {"outcome": "hang"}             no answer within the time limit (the worker is
//                                              killed and restarted)
//   generate: {"outcome": "ok", "qr": "...", "md5": "..."} | {"outcome": "error", "code": N}
//             | {"outcome": "crash", "error": "..."} | {"outcome": "hang"}
//   decode:   {"outcome": "ok", "data": {...}} | {"outcome": "crash", ...} | {"outcome": "hang"}
//
// The clock the SDK reads (Date.now) is fixed to --now-ms in the worker, default
// 2026-01-01T00:00:00Z.

"use strict";

const { Worker, isMainThread, parentPort, workerData } = require("worker_threads");

if (isMainThread) {
    main();
} else {
    worker();
}

function arg(name, dflt) {
    const i = process.argv.indexOf(name);
    return i >= 0 && i + 1 < process.argv.length ? Number(process.argv[i + 1]) : dflt;
}

function main() {
    const nowMs = arg("--now-ms", 1767225600000);
    // Per request, once the worker is up (loading the SDK gets its own, generous limit).
    const timeoutMs = arg("--timeout-ms", 500);
    const startupMs = 20000;
    const input = require("fs").readFileSync(0, "utf8");
    const requests = input
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l));
    const results = new Array(requests.length);
    let next = 0;

    const finish = () => {
        const out = results.map((r) => JSON.stringify(r)).join("\n");
        process.stdout.write(out + (out ? "\n" : ""));
    };

    const start = () => {
        if (next >= requests.length) return finish();
        const w = new Worker(__filename, {
            workerData: { nowMs, requests, from: next },
            resourceLimits: { maxOldGenerationSizeMb: 256 },
        });
        let timer = null;
        let settled = false;
        let ready = false;
        const arm = (ms = timeoutMs) => {
            clearTimeout(timer);
            timer = setTimeout(() => giveUp(), ms);
        };
        const giveUp = () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            if (!ready) {
                // The worker did not even start: not the payload's fault.
                process.stderr.write("oracle.js: the worker failed to start\n");
                process.exit(2);
            }
            results[next] = { outcome: "hang" };
            next += 1;
            w.terminate().then(start, start);
        };
        w.on("message", (m) => {
            if (m.ready) {
                ready = true;
                arm();
                return;
            }
            if (m.done) {
                settled = true;
                clearTimeout(timer);
                w.terminate().then(finish, finish);
                return;
            }
            results[m.i] = m.r;
            next = m.i + 1;
            arm();
        });
        // Out of memory (the SDK's root loop on a repeated tag 30 grows an array forever)
        // counts as a hang too.
        w.on("error", () => giveUp());
        w.on("exit", () => {
            if (!settled) giveUp();
        });
        arm(startupMs);
    };
    start();
}

function worker() {
    const { nowMs, requests, from } = workerData;
    Date.now = () => nowMs;
    const sdk = require("bakong-khqr");
    const { BakongKHQR, IndividualInfo, MerchantInfo } = sdk;
    const crc16 = require("bakong-khqr/src/helper/crc16");
    const decodeKHQRValidation = require("bakong-khqr/src/controller/decodeValidation");

    const describe = (e) =>
        e instanceof Error ? `${e.constructor.name}: ${e.message}` : `thrown ${JSON.stringify(e)}`;

    // The code behind BakongKHQR.verify's boolean: the same steps in the same order.
    function verify(s) {
        const gate =
            !/6304[A-Fa-f0-9]{4}$/.test(s) ||
            crc16(s.slice(0, -4)) != s.slice(-4).toUpperCase() ||
            s.length < 12;
        let result;
        if (gate) {
            result = { outcome: "invalid", code: 8 };
        } else {
            try {
                decodeKHQRValidation(s);
                result = { outcome: "valid" };
            } catch (e) {
                if (e && e.status && typeof e.status.errorCode === "number") {
                    result = { outcome: "invalid", code: e.status.errorCode };
                } else {
                    result = { outcome: "crash", error: describe(e) };
                }
            }
        }
        // The public verdict must agree with the reconstruction.
        const isValid = BakongKHQR.verify(s).isValid;
        if (isValid !== (result.outcome === "valid")) {
            result = { outcome: "mismatch", isValid, inner: result };
        }
        return result;
    }

    function generate(type, info) {
        const optional = {};
        for (const [k, v] of Object.entries(info)) optional[k] = v;
        if (typeof optional.amount === "string") optional.amount = Number(optional.amount);
        try {
            const khqr = new BakongKHQR();
            let res;
            if (type === "merchant") {
                const m = new MerchantInfo(
                    info.bakongAccountID,
                    info.merchantName,
                    info.merchantCity,
                    info.merchantID,
                    info.acquiringBank,
                    optional
                );
                res = khqr.generateMerchant(m);
            } else {
                const m = new IndividualInfo(
                    info.bakongAccountID,
                    info.merchantName,
                    info.merchantCity,
                    optional
                );
                res = khqr.generateIndividual(m);
            }
            if (res.status.code !== 0) return { outcome: "error", code: res.status.errorCode };
            if (typeof res.data.qr !== "string")
                return { outcome: "crash", error: describe(res.data.qr) };
            return { outcome: "ok", qr: res.data.qr, md5: res.data.md5 };
        } catch (e) {
            return { outcome: "crash", error: describe(e) };
        }
    }

    // Strings holding half a surrogate pair cannot travel as JSON text to every reader:
    // they are replaced by {"ill_formed": true}.
    const safe = (data) => {
        const out = {};
        for (const [k, v] of Object.entries(data)) {
            if (/^\d+$/.test(k)) continue; // the SDK spreads unparsed template strings by index
            out[k] = typeof v === "string" && !v.isWellFormed() ? { ill_formed: true } : v;
        }
        return out;
    };

    function decode(s) {
        try {
            return { outcome: "ok", data: safe(BakongKHQR.decode(s).data) };
        } catch (e) {
            return { outcome: "crash", error: describe(e) };
        }
    }

    parentPort.postMessage({ ready: true });
    for (let i = from; i < requests.length; i++) {
        const q = requests[i];
        let r;
        if (q.op === "verify") r = verify(q.payload);
        else if (q.op === "generate") r = generate(q.type, q.info || {});
        else if (q.op === "decode") r = decode(q.payload);
        else r = { outcome: "bad-request" };
        parentPort.postMessage({ i, r });
    }
    parentPort.postMessage({ done: true });
}
