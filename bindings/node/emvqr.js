"use strict";
// The package's entry: the addon as napi-rs loads it (index.js, generated), with what is best
// done in JavaScript:
// - `check`, `verify`, `parse`, `scan` and `scanSync` read their options object here and pass
//   the values to the addon as arguments. A property read in JavaScript costs next to
//   nothing; through Node-API each one (a miss too) costs over a thousand instructions, and
//   the five of them more than half of what judging a short code costs. When the argument
//   form refuses a value, the addon's object form is called to name the option that is wrong.
// - The clock, when not given, is read here (`Date.now()`, once per call), so that every call
//   of the package reads the same clock, and a verdict can be judged again at the same one.
// - `Verdict` is a JavaScript class over the text the addon writes (see `js_verdict` in
//   src/lib.rs): creating, keeping and finalizing a wrapped Rust object costs more than writing
//   and parsing that text, and a getter through Node-API more than one in JavaScript. Every
//   answer comes from the Rust crate: this file parses it, hands it out, and asks the addon
//   again for what it did not send (`toJSONString`, `fieldEntries`, `fieldName`).
const native = require("./index.js");

/** The options as the addon's argument form takes them, the clock read here when not given
 * (once, in the call), so that a verdict can be judged again alike (`toJSONString`). */
function args(options) {
  if (options === undefined || options === null) return [Date.now()];
  if (typeof options !== "object") {
    throw new TypeError(`the options must be an object, not ${typeof options}`);
  }
  const { nowMs, lenient, scheme, allErrors, describe } = options;
  return [nowMs ?? Date.now(), lenient, scheme, allErrors, describe];
}

/** `byArgs(text, ...a)`; when it throws, the object form `byObject(text, options)` names the
 * option that is wrong (and the argument form's error stands if it does not throw). */
function call(byArgs, byObject, text, options, a) {
  try {
    return byArgs(text, a[0], a[1], a[2], a[3], a[4]);
  } catch (e) {
    if (options !== undefined && options !== null) byObject(text, options);
    throw e;
  }
}

/** Only `check` and `scan` make verdicts. */
const MAKE = Symbol("Verdict");

/** The verdict on one text: what `check` and `scan` return. Its parts are parsed from the
 * addon's text when first read, and the same object is returned on each read after that. */
class Verdict {
  #text;
  #args;
  #raw;
  #head;
  #body;
  #intent;
  #entries;
  #pairs;

  /** Not for direct use: `check` and `scan` make verdicts. */
  constructor(make, text, a, raw) {
    if (make !== MAKE) throw new TypeError("a Verdict is made by check or scan");
    this.#text = text;
    this.#args = a;
    this.#raw = raw;
  }

  /** Line 1 of the addon's text (see `js_verdict` in src/lib.rs), after its validity flag. */
  #h() {
    return (this.#head ??= JSON.parse(this.#raw.slice(1, this.#raw.indexOf("\n"))));
  }

  /** Line 2. */
  #b() {
    const from = this.#raw.indexOf("\n") + 1;
    return (this.#body ??= JSON.parse(this.#raw.slice(from, this.#raw.indexOf("\n", from))));
  }

  /** Line 3. */
  #i() {
    // `??=` would parse a `null` intent again on every read.
    if (this.#intent === undefined) {
      this.#intent = JSON.parse(this.#raw.slice(this.#raw.lastIndexOf("\n") + 1));
    }
    return this.#intent;
  }

  /** `[path, value, name]` of each field, in payload order (judged again). */
  #e() {
    const a = this.#args;
    return (this.#entries ??= JSON.parse(native.fieldEntriesWith(this.#text, a[0], a[1], a[2], a[3], a[4])));
  }

  get input() {
    return this.#h().input ?? this.#text;
  }

  get valid() {
    return this.#raw.charCodeAt(0) === 49; // "1"
  }

  get family() {
    return this.#h().family;
  }

  get scheme() {
    return this.#h().scheme;
  }

  get schemes() {
    return this.#h().schemes;
  }

  get error() {
    return this.#h().errors[0] ?? null;
  }

  get errors() {
    return this.#h().errors;
  }

  get warnings() {
    return this.#h().warnings;
  }

  get fields() {
    return this.#b().fields;
  }

  get fieldEntries() {
    return (this.#pairs ??= this.#e().map(([path, value]) => [path, value]));
  }

  fieldName(path) {
    if (typeof path !== "string") throw new TypeError(`a field path is a string, not ${typeof path}`);
    const entry = this.#e().find(([p]) => p === path);
    return entry === undefined ? "" : entry[2];
  }

  get reencoded() {
    const b = this.#b();
    return b.same ? this.input : b.reencoded;
  }

  get intent() {
    return this.#i();
  }

  toJSON() {
    return JSON.parse(this.toJSONString());
  }

  toJSONString() {
    const a = this.#args;
    return native.judgeJsonWith(this.#text, a[0], a[1], a[2], a[3], a[4]);
  }
}

function check(text, options) {
  const a = args(options);
  return new Verdict(MAKE, text, a, call(native.judgeWith, native.judge, text, options, a));
}

/** The leaf fields of an EMV merchant-presented payload that parses (the crate's parse: EMV
 * rules and checksum, no scheme's rules, no clock); throws `EmvqrError` for one that does not. */
function parse(text, options) {
  let lenient;
  if (options !== undefined && options !== null) {
    if (typeof options !== "object") {
      throw new TypeError(`the options must be an object, not ${typeof options}`);
    }
    lenient = options.lenient;
    if (lenient !== undefined && lenient !== null && typeof lenient !== "boolean") {
      throw new TypeError(`lenient must be a boolean, not ${typeof lenient}`);
    }
  }
  return fieldsOf(text, native.parseWith(text, lenient));
}

/** Each path's text by its number (see `parse_with` in src/lib.rs), asked of the addon once;
 * at most 4,096 kept. */
const PATHS = new Map();

/** The object of `Verdict.fields` from `parseWith`'s answer: for each field its path's number,
 * and where its value lies in `text`. */
function fieldsOf(text, raw) {
  const out = {};
  const at = (i) => raw.charCodeAt(i) * 65536 + raw.charCodeAt(i + 1);
  for (let i = 0; i + 5 < raw.length; i += 6) {
    const code = at(i);
    let path = PATHS.get(code);
    if (path === undefined) {
      path = native.fieldPath(code);
      if (PATHS.size < 4096) PATHS.set(code, path);
    }
    out[path] = text.slice(at(i + 2), at(i + 4));
  }
  return out;
}

function verify(text, options) {
  return call(native.verifyWith, native.verify, text, options, args(options));
}

/** The addon's flat `[text, verdict, …]` as verdicts. */
function verdicts(flat, a) {
  const out = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push(new Verdict(MAKE, flat[i], a, flat[i + 1]));
  return out;
}

/** Options for the scanner: the clock read here when not given, as `check` reads it. */
function scanOptions(options) {
  const a = args(options);
  const [nowMs, lenient, scheme, allErrors, describe] = a;
  return [a, { nowMs, lenient, scheme, allErrors, describe }];
}

/** Every refusal (the image, the options) is a rejection of the promise. */
function scan(image, options) {
  try {
    const [a, o] = scanOptions(options);
    return native.scanJudged(image, o).then((flat) => verdicts(flat, a));
  } catch (e) {
    return Promise.reject(e);
  }
}

function scanSync(image, options) {
  const [a, o] = scanOptions(options);
  return verdicts(native.scanJudgedSync(image, o), a);
}

module.exports = { ...native, Verdict, check, verify, parse, scan, scanSync };
