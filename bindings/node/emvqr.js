"use strict";
// The package's entry: the addon as napi-rs loads it (index.js, generated), with `check` and
// `verify` reading their options object here. A property read in JavaScript costs next to
// nothing; through Node-API each one (a miss too) costs over a thousand instructions, and the
// five of them more than half of what judging a short code costs. The addon's own `check` and
// `verify`, which take the object, stay for anything that is not an options object, and
// report a wrong option by its name.
const native = require("./index.js");

const { check: checkObject, verify: verifyObject, checkWith, verifyWith } = native;

function check(text, options) {
  if (options === undefined || options === null) return checkWith(text);
  if (typeof options !== "object") return checkObject(text, options);
  const { nowMs, lenient, scheme, allErrors, describe } = options;
  try {
    return checkWith(text, nowMs, lenient, scheme, allErrors, describe);
  } catch {
    return checkObject(text, options);
  }
}

function verify(text, options) {
  if (options === undefined || options === null) return verifyWith(text);
  if (typeof options !== "object") return verifyObject(text, options);
  const { nowMs, lenient, scheme, allErrors, describe } = options;
  try {
    return verifyWith(text, nowMs, lenient, scheme, allErrors, describe);
  } catch {
    return verifyObject(text, options);
  }
}

native.check = check;
native.verify = verify;

module.exports = require("./index.js");
