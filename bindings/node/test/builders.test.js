"use strict";
// Builders: every output passes check() under its scheme, refusals throw with kind, offset and
// path (and the official code for KHQR), and a KHQR built here is what the official SDK
// (bakong-khqr) builds, and verifies.

const test = require("node:test");
const assert = require("node:assert/strict");
const { BakongKHQR, IndividualInfo, MerchantInfo, khqrData } = require("bakong-khqr");
const emvqr = require("..");
const { NOW } = require("./common");

function judged(payload, scheme) {
  const v = emvqr.check(payload, { nowMs: NOW });
  assert.ok(v.valid, `${payload}: ${v.error && v.error.message}`);
  assert.equal(v.scheme, scheme);
  assert.equal(v.reencoded, payload);
  return v;
}

function throws(fn, expected) {
  let caught = null;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error, "expected an error");
  for (const [k, v] of Object.entries(expected)) assert.equal(caught[k], v, k);
  return caught;
}

/** Runs `fn` with the clock the official SDK reads (Date.now) fixed at `ms`. */
function at(ms, fn) {
  const real = Date.now;
  Date.now = () => ms;
  try {
    return fn();
  } finally {
    Date.now = real;
  }
}

test("KHQR codes are the official generator's, byte for byte, and it verifies them", () => {
  const sdk = new BakongKHQR();
  const cases = [
    [
      { account: "john_smith@devb", name: "John Smith", city: "Phnom Penh" },
      () => sdk.generateIndividual(new IndividualInfo("john_smith@devb", "John Smith", "Phnom Penh")),
    ],
    [
      {
        account: "coffee@aclb",
        name: "Coffee Khlaing",
        city: "Siem Reap",
        currency: "USD",
        amount: "1.5",
        expiresAtMs: NOW + 3600000,
        billNumber: "INV-2026-01",
        mobileNumber: "85512345678",
        storeLabel: "Coffee Khlaing",
        terminalLabel: "Counter 2",
        purpose: "Coffee",
      },
      () =>
        sdk.generateIndividual(
          new IndividualInfo("coffee@aclb", "Coffee Khlaing", "Siem Reap", {
            currency: khqrData.currency.usd,
            amount: 1.5,
            expirationTimestamp: NOW + 3600000,
            billNumber: "INV-2026-01",
            mobileNumber: "85512345678",
            storeLabel: "Coffee Khlaing",
            terminalLabel: "Counter 2",
            purposeOfTransaction: "Coffee",
          }),
        ),
    ],
    [
      {
        account: "khqr@aclb",
        name: "KHQR TESTING",
        city: "Phnom Penh",
        merchantId: "85512464906",
        acquiringBank: "ACLEDA Bank Plc",
        amount: "50000",
        expiresAtMs: NOW + 600000,
        languagePreference: "km",
        alternateName: "ខេអេចឃ្យូអា",
        alternateCity: "ភ្នំពេញ",
      },
      () =>
        sdk.generateMerchant(
          new MerchantInfo("khqr@aclb", "KHQR TESTING", "Phnom Penh", "85512464906", "ACLEDA Bank Plc", {
            currency: khqrData.currency.khr,
            amount: 50000,
            expirationTimestamp: NOW + 600000,
            languagePreference: "km",
            merchantNameAlternateLanguage: "ខេអេចឃ្យូអា",
            merchantCityAlternateLanguage: "ភ្នំពេញ",
          }),
        ),
    ],
  ];
  for (const [info, official] of cases) {
    const built = emvqr.khqr.build({ ...info, nowMs: NOW });
    const theirs = at(NOW, official);
    assert.equal(theirs.status.code, 0);
    assert.deepStrictEqual(built, { payload: theirs.data.qr, md5: theirs.data.md5 });
    assert.equal(at(NOW, () => BakongKHQR.verify(built.payload).isValid), true);
    const decoded = BakongKHQR.decode(built.payload).data;
    assert.equal(decoded.bakongAccountID, info.account);
    assert.equal(decoded.merchantName, info.name);
    judged(built.payload, "khqr");
  }
});

test("a KHQR built without a clock reads the system clock, and the official SDK accepts it", () => {
  const before = Date.now();
  const b = emvqr.khqr.build({
    account: "a@devb",
    name: "A",
    city: "Phnom Penh",
    amount: "100",
    expiresAtMs: before + 3600000,
  });
  const created = Number(emvqr.check(b.payload).fields["99.00"]);
  assert.ok(before <= created && created <= Date.now());
  assert.equal(BakongKHQR.verify(b.payload).isValid, true);
  assert.equal(emvqr.check(b.payload).valid, true);
  assert.equal(emvqr.check(b.payload, { nowMs: before + 3600001 }).error.khqrCode, 46);
});

test("KHQR refusals carry the official codes", () => {
  const e = throws(() => emvqr.khqr.build({ account: "a@b", name: "A", city: "B", amount: "10.5", nowMs: NOW }), {
    name: "KhqrError",
    khqrCode: 4,
    khqrKey: "TRANSACTION_AMOUNT_INVALID",
    kind: "invalid_amount",
    path: "54",
    offset: 0,
  });
  assert.match(e.message, /TRANSACTION_AMOUNT_INVALID/);
  throws(() => emvqr.khqr.build({ account: "a@b", name: "A", city: "B", amount: "100", nowMs: NOW }), {
    khqrCode: 45,
    khqrKey: "EXPIRATION_TIMESTAMP_REQUIRED",
  });
  throws(() => emvqr.khqr.build({ account: "a@b", name: "A", city: "B", currency: "EUR", nowMs: NOW }), {
    khqrKey: "UNSUPPORTED_CURRENCY",
  });
});

test("ELQR payloads and links", () => {
  const s = emvqr.elqr.build({
    providerId: "qr.finik.kg",
    payeeName: "Кофейня Арча",
    dynamic: true,
    serviceCode: "cafe",
    transactionId: "order-1042",
    amountSom: "350.50",
  });
  const v = judged(s, "elqr");
  assert.deepStrictEqual([v.intent.amountMinor, v.intent.currency], [35050, "KGS"]);
  const link = emvqr.elqr.buildLink("https://qr.finik.kg/", {
    providerId: "qr.finik.kg",
    payeeName: "Кофейня Арча",
    serviceCode: "cafe",
    comment: "стол 4",
    fields: [{ key: "acc", label: "Счёт", value: "123", title: "Лицевой счёт", visible: true }],
    amountTyiyn: 12000,
  });
  assert.ok(link.startsWith("https://qr.finik.kg/#000201010211"));
  assert.equal(judged(link, "elqr").intent.amountMinor, 12000);
  throws(() => emvqr.elqr.build({ providerId: "qr.finik.kg", payeeName: "A" }), {
    name: "EmvqrError",
    kind: "missing",
    path: "32.01",
  });
  assert.throws(() =>
    emvqr.elqr.build({ providerId: "x", payeeName: "A", serviceCode: "x", amountTyiyn: 1, amountSom: "1" }),
  );
});

test("Pix, PromptPay, PayNow, VietQR", () => {
  let v = judged(
    emvqr.pix.build({ key: "fulano@example.com", name: "Fulano de Tal", city: "BRASILIA", amount: "10.50", txid: "PEDIDO42" }),
    "pix",
  );
  assert.deepStrictEqual([v.fields["26.01"], v.fields["62.05"], v.intent.amountMinor], ["fulano@example.com", "PEDIDO42", 1050]);
  throws(() => emvqr.pix.build({ key: "not a key", name: "F", city: "B" }), { kind: "invalid_value", path: "26.01" });

  v = judged(emvqr.promptpay.mobile("0812345678", { amount: "100.25" }), "promptpay");
  assert.deepStrictEqual([v.fields["29.01"], v.intent.amountMinor, v.intent.currency], ["0066812345678", 10025, "THB"]);
  judged(emvqr.promptpay.nationalId("1234567890123"), "promptpay");
  judged(emvqr.promptpay.ewallet("123456789012345"), "promptpay");
  v = judged(emvqr.promptpay.billPayment("010555012345601", "INV1", { ref2: "REF2", amount: "5" }), "promptpay");
  assert.deepStrictEqual([v.fields["30.02"], v.fields["30.03"]], ["INV1", "REF2"]);
  throws(() => emvqr.promptpay.mobile("no digits"), { kind: "invalid_value", path: "29.01" });

  v = judged(emvqr.paynow.mobile("+6591234567", { amount: "24.10", reference: "Din Tai Fung" }), "paynow");
  assert.deepStrictEqual([v.fields["26.02"], v.fields["62.01"], v.intent.amountMinor], ["+6591234567", "Din Tai Fung", 2410]);
  judged(emvqr.paynow.uen("201403121W", { expiry: "20991231", merchantName: "ACME" }), "paynow");
  throws(() => emvqr.paynow.mobile("+6591234567", { expiry: "2026-13-45" }), { kind: "invalid_value", path: "26.04" });

  v = judged(emvqr.vietqr.account("970436", "0011001932418", { amount: "50000", purpose: "Thanh toan" }), "vietqr");
  assert.deepStrictEqual(v.intent.routes[0].account, { bin: "970436", account: "0011001932418", service_code: "QRIBFTTA" });
  judged(emvqr.vietqr.card("970436", "9704361234567890"), "vietqr");
  throws(() => emvqr.vietqr.account("97043", "1"), { kind: "invalid_value", path: "38.01.00" });
});

test("the generic builders round-trip the fields of a verdict", () => {
  const s =
    "00020101021226380009SG.PAYNOW010100211+659123456703010520400005303702540524.105802SG" +
    "5904Mark6009Singapore62160112Din Tai Fung630490FC";
  assert.equal(emvqr.build(emvqr.check(s, { nowMs: NOW }).fieldEntries), s);
  throws(() => emvqr.build([["00", "01"], ["x1", "y"]]), { kind: "invalid_id", offset: 1 });
  const cpm = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=";
  const v = emvqr.check(cpm, { nowMs: NOW });
  assert.equal(v.family, "emv-cpm");
  assert.equal(emvqr.cpm.build(v.fieldEntries), cpm);
  const e = throws(() => emvqr.cpm.build([["85", "CPV01"], ["61.4F", "zz"]]), { name: "EmvqrError" });
  assert.equal(typeof e.base64Offset, "number");
});
