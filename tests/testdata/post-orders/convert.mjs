// Copyright 2026 The msp-gateway Authors.
//
// Generates the golden pairs of this folder from MultiSafepay's own
// POST /orders examples (third_party/multisafepay-openapi/components/
// examples/requests/post-orders/*.json):
//
//   <name>.msp.json      the example, byte for byte, unless a normalisation
//                        of NORMALISATIONS.md had to change it (then the
//                        normalised example, pretty-printed);
//   <name>.request.json  the same order as a payments.v1.CreateOrderRequest in
//                        proto3 JSON: enum values become the contract's names
//                        and JSON types follow the contract (decimal strings
//                        for unit_price / rate / weight.value, numbers for
//                        int64 fields), read from the .proto files themselves.
//
// Numbers are carried as their source text from end to end ("0.00" stays
// "0.00"; JSON.parse would make it 0), so the request holds exactly the
// digits of the example.
//
// Run from the repository root after changing an example or the contract:
//   node tests/testdata/post-orders/convert.mjs
// Fails (exit 1) on a member the contract has no field for.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "../../..");
const examplesDir = join(repoRoot,
  "third_party/multisafepay-openapi/components/examples/requests/post-orders");

// --- JSON with numbers kept as text ----------------------------------------

class RawNumber {
  constructor(text) { this.text = text; }
}

// A strict JSON parser (RFC 8259) that returns numbers as RawNumber.
function parseJson(text) {
  let i = 0;
  const fail = (what) => { throw new Error(`${what} at offset ${i}`); };
  const ws = () => { while (i < text.length && " \t\r\n".includes(text[i])) i++; };
  function value() {
    ws();
    const c = text[i];
    if (c === "{") {
      i++; const obj = {}; ws();
      if (text[i] === "}") { i++; return obj; }
      for (;;) {
        ws(); if (text[i] !== '"') fail("expected a key");
        const key = string(); ws();
        if (text[i++] !== ":") fail("expected ':'");
        if (Object.hasOwn(obj, key)) fail(`duplicate key ${key}`);
        obj[key] = value(); ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "}") { i++; return obj; }
        fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++; const arr = []; ws();
      if (text[i] === "]") { i++; return arr; }
      for (;;) {
        arr.push(value()); ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i] === "]") { i++; return arr; }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (m) { i += m[0].length; return new RawNumber(m[0]); }
    for (const [word, v] of [["true", true], ["false", false], ["null", null]]) {
      if (text.startsWith(word, i)) { i += word.length; return v; }
    }
    fail("unexpected character");
  }
  function string() {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(i));
    if (!m) fail("bad string");
    i += m[0].length;
    return JSON.parse(m[0]);
  }
  const v = value(); ws();
  if (i !== text.length) fail("trailing text");
  return v;
}

// Pretty JSON (2 spaces) with RawNumber written as its text.
function stringify(v, indent = "") {
  if (v instanceof RawNumber) return v.text;
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    const inner = indent + "  ";
    return "[\n" + v.map((x) => inner + stringify(x, inner)).join(",\n") + "\n" + indent + "]";
  }
  if (v !== null && typeof v === "object") {
    const keys = Object.keys(v);
    if (keys.length === 0) return "{}";
    const inner = indent + "  ";
    return "{\n" + keys.map((k) => inner + JSON.stringify(k) + ": " + stringify(v[k], inner)).join(",\n") +
      "\n" + indent + "}";
  }
  return JSON.stringify(v);
}

// --- normalisations (NORMALISATIONS.md) --------------------------------------

// Each returns a note when it changed the example (both files follow it).
const normalisations = [
  function emptyType(order) {
    if (order.type !== "") return null;
    order.type = "redirect";
    return 'N1 "type": "" -> "redirect"';
  },
  function directRedirectPlaceholder(order) {
    if (order.type !== "direct/redirect") return null;
    order.type = "redirect";
    return 'N2 "type": "direct/redirect" -> "redirect"';
  },
  function emptyGateway(order) {
    if (order.gateway !== "") return null;
    delete order.gateway;
    return 'N3 "gateway": "" -> no gateway';
  },
  function cardPlaceholder(order) {
    if (typeof order.gateway !== "string" || !order.gateway.includes("/")) return null;
    const first = order.gateway.split("/")[0];
    order.gateway = first;
    return `N4 "gateway" placeholder -> "${first}"`;
  },
  function gatewayCase(order) {
    if (typeof order.gateway !== "string" || order.gateway === order.gateway.toUpperCase()) return null;
    const id = order.gateway.toUpperCase();
    order.gateway = id;
    return `N5 "gateway" case -> "${id}"`;
  },
  function birthdayDayFirst(order) {
    const notes = [];
    for (const holder of ["customer", "gateway_info"]) {
      const b = order[holder]?.birthday;
      const m = typeof b === "string" && /^(\d{2})-(\d{2})-(\d{4})$/.exec(b);
      if (!m) continue;
      order[holder].birthday = `${m[3]}-${m[2]}-${m[1]}`;
      notes.push(`N6 ${holder}.birthday DD-MM-YYYY -> YYYY-MM-DD`);
    }
    return notes.length ? notes.join("; ") : null;
  },
  function shippingPriceStrings(order) {
    const methods = order.checkout_options?.shipping_methods;
    if (!methods) return null;
    let changed = 0;
    for (const m of [methods.pickup, ...(methods.flat_rate_shipping ?? [])]) {
      if (typeof m?.price === "string" && /^-?(0|[1-9]\d*)(\.\d+)?$/.test(m.price)) {
        m.price = new RawNumber(m.price);
        changed++;
      }
    }
    return changed ? `N7 ${changed} shipping method price(s) "6" -> 6` : null;
  },
];

// --- contract conversion ------------------------------------------------------

const root = new protobuf.Root();
root.resolvePath = (origin, target) =>
  target.startsWith("google/protobuf/") ? target : join(repoRoot, "proto", target);
root.loadSync("payments/v1/payment_service.proto", { keepCase: true });
root.resolveAll();
const CreateOrderRequest = root.lookupType("payments.v1.CreateOrderRequest");

// MultiSafepay string -> contract enum value name, per enum.
const enumMaps = {
  "payments.v1.OrderType": { redirect: "ORDER_TYPE_REDIRECT", direct: "ORDER_TYPE_DIRECT",
                             paymentlink: "ORDER_TYPE_PAYMENT_LINK", checkout: "ORDER_TYPE_CHECKOUT" },
  "payments.v1.NotificationMethod": { GET: "NOTIFICATION_METHOD_GET", POST: "NOTIFICATION_METHOD_POST" },
  "payments.v1.RecurringModel": { cardOnFile: "RECURRING_MODEL_CARD_ON_FILE",
                                  subscription: "RECURRING_MODEL_SUBSCRIPTION",
                                  unscheduled: "RECURRING_MODEL_UNSCHEDULED" },
  "payments.v1.CaptureMode": { manual: "CAPTURE_MODE_MANUAL" },
};

function enumName(field, value, path) {
  const type = field.resolvedType;
  const full = type.fullName.replace(/^\./, "");
  const name = full === "payments.v1.Gateway" ? `GATEWAY_${value}` : enumMaps[full]?.[value];
  if (!name || !(name in type.values)) throw new Error(`${path}: no ${full} value for "${value}"`);
  return name;
}

const INTEGER_TYPES = new Set(["int32", "int64", "uint32", "uint64", "sint32", "sint64"]);

function convertValue(field, value, path) {
  if (field.resolvedType instanceof protobuf.Enum) return enumName(field, value, path);
  if (field.resolvedType instanceof protobuf.Type) {
    if (field.resolvedType.fullName === ".google.protobuf.Struct") return value;  // Free-form.
    return convertMessage(field.resolvedType, value, path);
  }
  if (field.type === "string") {
    if (value instanceof RawNumber) return value.text;  // Exact decimal string.
    if (typeof value !== "string") throw new Error(`${path}: expected a string`);
    return value;
  }
  if (INTEGER_TYPES.has(field.type)) {
    if (value instanceof RawNumber) return value;
    if (typeof value === "string" && /^-?\d+$/.test(value)) return new RawNumber(value);
    throw new Error(`${path}: expected an integer`);
  }
  if (field.type === "bool") {
    if (typeof value !== "boolean") throw new Error(`${path}: expected a boolean`);
    return value;
  }
  throw new Error(`${path}: unhandled field type ${field.type}`);
}

function convertMessage(type, obj, path) {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    throw new Error(`${path}: expected an object for ${type.fullName}`);
  }
  const out = {};
  for (const [key, value] of Object.entries(obj)) {
    const field = type.fields[key] ??
      Object.values(type.fields).find((f) => f.options?.json_name === key);
    const at = path ? `${path}.${key}` : key;
    if (!field) throw new Error(`${at}: ${type.fullName} has no field "${key}"`);
    field.resolve();
    if (field.repeated) {
      if (!Array.isArray(value)) throw new Error(`${at}: expected an array`);
      out[field.name] = value.map((v, i) => convertValue(field, v, `${at}[${i}]`));
    } else {
      out[field.name] = convertValue(field, value, at);
    }
  }
  return out;
}

// --- main ------------------------------------------------------------------------

const report = [];
let failed = false;
for (const file of readdirSync(examplesDir).filter((f) => f.endsWith(".json")).sort()) {
  const name = basename(file, ".json");
  const text = readFileSync(join(examplesDir, file), "utf8");
  try {
    const order = parseJson(text);
    const notes = normalisations.map((n) => n(order)).filter(Boolean);
    const request = convertMessage(CreateOrderRequest, order, "");
    writeFileSync(join(here, `${name}.msp.json`),
                  notes.length ? stringify(order) + "\n" : text);
    writeFileSync(join(here, `${name}.request.json`), stringify(request) + "\n");
    report.push(`${name}: ${notes.length ? notes.join("; ") : "verbatim"}`);
  } catch (e) {
    failed = true;
    report.push(`${name}: FAILED ${e.message}`);
  }
}
console.log(report.join("\n"));
process.exit(failed ? 1 : 0);
