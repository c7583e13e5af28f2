// Compiled (not run) by types.test.js: the package's declarations describe the API as used.
import * as emvqr from "..";

const v: emvqr.Verdict = emvqr.check("000201", { nowMs: 1767225600000, lenient: false, scheme: "khqr" });
const valid: boolean = v.valid;
const scheme: string | null = v.scheme;
const code: number | undefined = v.error?.khqrCode;
const fields: Record<string, string> = v.fields;
const entries: Array<[string, string]> = v.fieldEntries;
const minor: number | undefined = v.intent?.amountMinor;
const json: emvqr.VerdictJson = v.toJSON();
const line: string = v.toJSONString();
const built: emvqr.BuiltKhqr = emvqr.khqr.build({ account: "a@devb", name: "A", city: "Phnom Penh" });
const link: string = emvqr.elqr.buildLink("https://qr.finik.kg/", { providerId: "qr.finik.kg", payeeName: "A", serviceCode: "x" });
const pp: string = emvqr.promptpay.billPayment("010555012345601", "INV1", { ref2: "R" });
const png: Buffer = emvqr.renderPng(built.payload, { scale: 4, ec: "H" });
const svg: string = emvqr.renderSvg(built.payload);
const found: Promise<emvqr.Verdict[]> = emvqr.scan(png, { nowMs: 0 });
const seen: emvqr.Verdict[] = emvqr.scanSync(png);
const name: string = v.fieldName("29.00");
const problem: emvqr.Problem | null = emvqr.verify("000201", { nowMs: 0 });
const again: string = emvqr.build(entries);
const parsed: Record<string, string> = emvqr.parse(again, { lenient: true });
export { valid, scheme, code, fields, minor, json, line, link, pp, svg, found, seen, name, problem, again, parsed };
