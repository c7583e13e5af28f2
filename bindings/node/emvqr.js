"use strict";
// The package's entry: the addon as napi-rs loads it (index.js, generated), with `check` and
// `verify` reading their options object here. A property read in JavaScript costs next to
// nothing; through Node-API each one (a miss too) costs over a thousand instructions, and the
// five of them more than half of what judging a short code costs. The addon's own `check` and
// `verify`, which take the object, stay for anything that is not an options object, and
// report a wrong option by its name.
const native = require("./index.js");

/** `byObject` (an addon function taking `(text, options)`) made to read the options here and
 * call `byArgs` (the same function taking them as arguments). */
function readingOptions(byObject, byArgs) {
  return function (text, options) {
    if (options === undefined || options === null) return byArgs(text);
    if (typeof options !== "object") return byObject(text, options);
    const { nowMs, lenient, scheme, allErrors, describe } = options;
    try {
      return byArgs(text, nowMs, lenient, scheme, allErrors, describe);
    } catch {
      // The object form names the option that is wrong.
      return byObject(text, options);
    }
  };
}

native.check = readingOptions(native.check, native.checkWith);
native.verify = readingOptions(native.verify, native.verifyWith);

module.exports = require("./index.js");
