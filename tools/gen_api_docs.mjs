// Copyright 2026 The msp-gateway Authors.
//
// Writes docs/api.md: per gateway family, a CreateOrder payload (the grpcurl
// `-d @` input) and the MultiSafepay JSON it becomes; a rejected request and
// its BadRequest; the cart rounding rule worked in integers; and every
// lifecycle RPC with the MultiSafepay call it becomes.
//
//   bazel build //tools/order_translate //tests/docs:lifecycle_translate
//   node tools/gen_api_docs.mjs               # writes docs/api.md
//   node tools/gen_api_docs.mjs --out FILE    # writes FILE instead
//
// Nothing in the examples is typed by hand on the MultiSafepay side:
//   * CreateOrder bodies and violations are what bazel-bin/tools/
//     order_translate prints for the payload (the server's own validator and
//     translator);
//   * lifecycle calls (method, path, body) are what bazel-bin/tests/docs/
//     lifecycle_translate prints: the server's validators and translators,
//     sent through the real MspClient over a recording transport;
//   * the per-gateway rules are read from the table in
//     service/create_order/gateway_rules.cc (field masks resolved through the
//     proto), so a changed row changes the doc;
//   * the enum table is probed through order_translate / lifecycle_translate.
// The prose around them (family notes, the intro) is written here, from
// service/create_order/order_validator.h and the units in service/order_actions/.
//
// BAZEL_BIN (default <repo>/bazel-bin) says where the two tools are.
// Deterministic: the same sources and tools give the same bytes.
// tests/docs/api_docs_check.mjs regenerates and compares, and runs every
// payload of the doc through the tools again.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

export function tools(bazelBin = process.env.BAZEL_BIN || join(repoRoot, "bazel-bin")) {
  return {
    orderTranslate: join(bazelBin, "tools/order_translate/order_translate"),
    lifecycleTranslate: join(bazelBin, "tests/docs/lifecycle_translate"),
  };
}

const read = (path) => readFileSync(join(repoRoot, path), "utf8");

// --- JSON that keeps its tokens ---------------------------------------------------
//
// JSON.parse would turn 0.10 into 0.1 and reorder nothing but lose digits;
// the doc must show the digits the gateway sends. A node is
// {type: "object", members: [{key, keyRaw, value}]}, {type: "array", items},
// or {type: "string" | "number" | "literal", raw}.

export function parseJson(text) {
  let i = 0;
  const fail = (what) => {
    throw new Error(`JSON: ${what} at offset ${i}: ${JSON.stringify(text.slice(i, i + 30))}`);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) fail("unterminated string");
    return text.slice(start, ++i);
  };
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const value = () => {
    ws();
    const c = text[i];
    if (c === "{" || c === "[") {
      const object = c === "{";
      const close = object ? "}" : "]";
      const out = object ? { type: "object", members: [] } : { type: "array", items: [] };
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return out;
      }
      for (;;) {
        if (object) {
          ws();
          if (text[i] !== '"') fail("expected a key");
          const keyRaw = string();
          ws();
          if (text[i++] !== ":") fail("expected ':'");
          out.members.push({ key: JSON.parse(keyRaw), keyRaw, value: value() });
        } else {
          out.items.push(value());
        }
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i++] === close) return out;
        fail(`expected ',' or '${close}'`);
      }
    }
    if (c === '"') return { type: "string", raw: string() };
    number.lastIndex = i;
    const m = number.exec(text);
    if (m) {
      i += m[0].length;
      return { type: "number", raw: m[0] };
    }
    for (const raw of ["true", "false", "null"]) {
      if (text.startsWith(raw, i)) {
        i += raw.length;
        return { type: "literal", raw };
      }
    }
    return fail("unexpected text");
  };
  const out = value();
  ws();
  if (i !== text.length) fail("trailing text");
  return out;
}

// Two-space indented, members in their order, tokens as they were.
export function printJson(node, indent = "") {
  const inner = indent + "  ";
  if (node.type === "object") {
    if (node.members.length === 0) return "{}";
    const lines = node.members.map((m) => `${inner}${m.keyRaw}: ${printJson(m.value, inner)}`);
    return `{\n${lines.join(",\n")}\n${indent}}`;
  }
  if (node.type === "array") {
    if (node.items.length === 0) return "[]";
    return `[\n${node.items.map((v) => inner + printJson(v, inner)).join(",\n")}\n${indent}]`;
  }
  return node.raw;
}

// The first difference between two nodes, or null. Numbers compare digit for
// digit (0.10 is not 0.1), strings by value. `ordered`: member order counts.
export function jsonDiff(a, b, { ordered = true } = {}, path = "$") {
  if (a.type !== b.type) return `${path}: ${a.type} vs ${b.type}`;
  if (a.type === "object") {
    const ak = a.members.map((m) => m.key);
    const bk = b.members.map((m) => m.key);
    const sameKeys = ordered
      ? ak.join("\0") === bk.join("\0")
      : ak.length === bk.length && [...ak].sort().join("\0") === [...bk].sort().join("\0");
    if (!sameKeys) return `${path}: members [${ak}] vs [${bk}]`;
    for (const m of a.members) {
      const other = b.members.find((n) => n.key === m.key);
      const d = jsonDiff(m.value, other.value, { ordered }, `${path}.${m.key}`);
      if (d) return d;
    }
    return null;
  }
  if (a.type === "array") {
    if (a.items.length !== b.items.length) return `${path}: ${a.items.length} vs ${b.items.length} items`;
    for (let k = 0; k < a.items.length; k++) {
      const d = jsonDiff(a.items[k], b.items[k], { ordered }, `${path}[${k}]`);
      if (d) return d;
    }
    return null;
  }
  const same = a.type === "string" ? JSON.parse(a.raw) === JSON.parse(b.raw) : a.raw === b.raw;
  return same ? null : `${path}: ${a.raw} vs ${b.raw}`;
}

// A CreateOrder body as the doc shows it: exactly the gateway's bytes (the
// translator sorts the members of the free-form `custom_fields` itself).
export function canonicalBody(text) {
  return parseJson(text);
}

export function member(node, key) {
  return node.type === "object" ? node.members.find((m) => m.key === key)?.value : undefined;
}

// --- the tools ----------------------------------------------------------------

function run(binary, args, input) {
  if (!existsSync(binary)) {
    throw new Error(`${binary} is missing: bazel build //tools/order_translate //tests/docs:lifecycle_translate`);
  }
  const r = spawnSync(binary, args, { input, encoding: "utf8" });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// StatusText (service/common/status_text.h) back into its parts.
export function parseStatusText(text) {
  const [first, ...rest] = text.replace(/\n$/, "").split("\n");
  const m = /^([A-Z_]+): (.*)$/.exec(first);
  if (!m) throw new Error(`not a status: ${text}`);
  const violations = rest.map((line) => {
    const v = /^ {2}([^ ]+): (.*)$/.exec(line);
    if (!v) throw new Error(`not a violation line: ${line}`);
    return { field: v[1], description: v[2] };
  });
  return { code: m[1], message: m[2], violations };
}

// CreateOrder: {ok: true, body} or {ok: false, status}.
export function translateOrder(payload, { validate = true, bazelBin } = {}) {
  const r = run(tools(bazelBin).orderTranslate, validate ? [] : ["--no_validate"], payload);
  if (r.code === 0) return { ok: true, body: r.stdout.trim() };
  if (r.code === 2) return { ok: false, status: parseStatusText(r.stdout) };
  throw new Error(`order_translate exit ${r.code}: ${r.stderr}${r.stdout}`);
}

// A lifecycle RPC: {ok: true, method, path, body} or {ok: false, status}.
export function translateLifecycle(rpc, payload, { bazelBin } = {}) {
  const r = run(tools(bazelBin).lifecycleTranslate, [rpc], payload);
  if (r.code === 0) {
    const [line, body = ""] = r.stdout.replace(/\n$/, "").split("\n");
    const [method, path] = line.split(" ");
    return { ok: true, method, path, body };
  }
  if (r.code === 2) return { ok: false, status: parseStatusText(r.stdout) };
  throw new Error(`lifecycle_translate ${rpc} exit ${r.code}: ${r.stderr}${r.stdout}`);
}

// --- the contract and the gateway table ------------------------------------------

// protoc's C++ names: flexible_3d -> Flexible3D (a digit capitalises the next
// letter), for kFlexible3DFieldNumber.
function camel(name) {
  let out = "";
  let cap = true;
  for (const ch of name) {
    if (ch === "_") {
      cap = true;
    } else if (/[a-z]/.test(ch)) {
      out += cap ? ch.toUpperCase() : ch;
      cap = false;
    } else {
      out += ch;
      cap = /[0-9]/.test(ch);
    }
  }
  return out;
}

// message name -> [{name, number}] of the fields of a .proto file.
function protoMessages(text) {
  const out = new Map();
  for (const m of text.matchAll(/^message (\w+) \{([\s\S]*?)^\}/gm)) {
    const fields = [...m[2].matchAll(/^\s*(?:optional |repeated )?[\w.]+ (\w+) = (\d+)/gm)];
    out.set(m[1], fields.map((f) => ({ name: f[1], number: Number(f[2]) })));
  }
  return out;
}

// enum name -> [{name, number, comment}].
function protoEnums(text) {
  const out = new Map();
  for (const m of text.matchAll(/^enum (\w+) \{([\s\S]*?)^\}/gm)) {
    const values = [];
    let comment = "";
    for (const line of m[2].split("\n")) {
      const c = /^\s*\/\/ ?(.*)$/.exec(line);
      const v = /^\s*(\w+) = (\d+);/.exec(line);
      if (c) comment = c[1];
      else if (v) {
        values.push({ name: v[1], number: Number(v[2]), comment });
        comment = "";
      } else comment = "";
    }
    out.set(m[1], values);
  }
  return out;
}

// Where each masked message sits in a CreateOrderRequest.
const MASK_MESSAGES = { Customer: "customer", Delivery: "delivery", GatewayInfo: "gateway_info" };

// Splits `s` at top-level commas (outside (), {} and strings).
function splitTop(s) {
  const parts = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  for (let k = 0; k < s.length; k++) {
    const c = s[k];
    if (inString) {
      if (c === "\\") k++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if ("({".includes(c)) depth++;
    else if (")}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      parts.push(s.slice(start, k).trim());
      start = k + 1;
    }
  }
  const last = s.slice(start).trim();
  if (last) parts.push(last);
  return parts;
}

// The rows of kRules in service/create_order/gateway_rules.cc, masks resolved to
// field paths (`customer.locale`) ordered by field number.
export function gatewayRules() {
  const messages = protoMessages(read("proto/payments/v1/order.proto"));
  const byConstant = new Map(); // "Customer::kFirstNameFieldNumber" -> path
  const order = new Map(); // path -> sort key
  Object.entries(MASK_MESSAGES).forEach(([message, prefix], mi) => {
    for (const f of messages.get(message) ?? []) {
      byConstant.set(`${message}::k${camel(f.name)}FieldNumber`, `${prefix}.${f.name}`);
      order.set(`${prefix}.${f.name}`, mi * 1000 + f.number);
    }
  });
  // Comments out, strings kept.
  const src = read("service/create_order/gateway_rules.cc").replace(
    /("(?:[^"\\\n]|\\.)*")|\/\/[^\n]*/g, (all, str) => str ?? "");
  const masks = new Map();
  const evaluate = (expr) => {
    const out = new Set();
    for (const term of expr.split("|").map((t) => t.trim())) {
      if (term === "0") continue;
      const bits = /^Bits\(\{([^}]*)\}\)$/.exec(term.replace(/\s+/g, ""));
      if (bits) {
        for (const c of bits[1].split(",").filter(Boolean)) {
          if (!byConstant.has(c)) throw new Error(`gateway_rules.cc: unknown field ${c}`);
          out.add(byConstant.get(c));
        }
      } else if (masks.has(term)) {
        for (const p of masks.get(term)) out.add(p);
      } else {
        throw new Error(`gateway_rules.cc: cannot read mask term ${term}`);
      }
    }
    return [...out].sort((x, y) => order.get(x) - order.get(y));
  };
  for (const m of src.matchAll(/constexpr uint64_t (k\w+) = ([^;]+);/g)) masks.set(m[1], evaluate(m[2]));
  const familyOf = new Map();
  for (const m of src.matchAll(/constexpr GatewayFamily (k\w+) = GatewayFamily::(k\w+);/g)) {
    familyOf.set(m[1], m[2]);
  }
  const familyName = new Map();
  for (const m of src.matchAll(/case GatewayFamily::(k\w+):\s*return "([^"]+)";/g)) familyName.set(m[1], m[2]);
  const bool = { Y: true, N: false };
  const table = /const GatewayRule kRules\[\] = \{([\s\S]*?)\n\};/.exec(src);
  if (!table) throw new Error("gateway_rules.cc: no kRules table");
  const rows = splitTop(table[1]).map((row) => {
    const f = splitTop(row.replace(/^\{|\}$/g, ""));
    if (f.length < 15 || f.length > 16) throw new Error(`gateway_rules.cc: row with ${f.length} columns: ${row}`);
    const id = /^payments::v1::GATEWAY_(\w+)$/.exec(f[0]);
    if (!id || !familyOf.has(f[2]) || [3, 4, 5, 6].some((k) => !(f[k] in bool))) {
      throw new Error(`gateway_rules.cc: cannot read row ${row}`);
    }
    return {
      id: id[1],
      name: JSON.parse(f[1]),
      family: familyName.get(familyOf.get(f[2])),
      direct: bool[f[3]],
      paymentComponent: bool[f[4]],
      manualCapture: bool[f[5]],
      cartRequired: bool[f[6]],
      currencies: JSON.parse(f[7]).split(" ").filter(Boolean),
      minAmount: Number(f[8]),
      maxAmount: Number(f[9]),
      customerRequired: evaluate(f[10]),
      customerRequiredDirect: evaluate(f[11]),
      deliveryRequired: evaluate(f[12]),
      infoAllowed: evaluate(f[13]),
      infoRequiredDirect: evaluate(f[14]),
      vatRates: f[15] ? JSON.parse(f[15]).split(" ") : [],
    };
  });
  return rows;
}

// --- rules as text ---------------------------------------------------------------

// ["customer.first_name", "customer.last_name", "delivery.city"] ->
// "`customer.{first_name, last_name}`, `delivery.city`".
function fieldList(paths) {
  const groups = new Map();
  for (const p of paths) {
    const dot = p.indexOf(".");
    const [head, tail] = dot < 0 ? [p, null] : [p.slice(0, dot), p.slice(dot + 1)];
    if (!groups.has(head)) groups.set(head, []);
    if (tail) groups.get(head).push(tail);
  }
  return [...groups]
    .map(([head, tails]) =>
      tails.length === 0 ? `\`${head}\`` : tails.length === 1 ? `\`${head}.${tails[0]}\`` : `\`${head}.{${tails.join(", ")}}\``)
    .join(", ");
}

// A row as atoms: [kind, value] pairs, so a section can pull out what all of
// its gateways share.
function ruleAtoms(r) {
  const mode = r.id === "UNSPECIFIED"
    ? "redirect or payment link (a direct order names a gateway, except recurring and payment component orders)"
    : r.direct ? "direct or redirect" : "no direct orders";
  const atoms = [["mode", mode]];
  if (r.currencies.length) atoms.push(["currency", `${r.currencies.join(", ")} only`]);
  if (r.minAmount || r.maxAmount) {
    atoms.push(["amount", `amount ${r.minAmount || 1} to ${r.maxAmount || "any"} (minor units)`]);
  }
  const needs = [...r.customerRequired, ...r.deliveryRequired];
  if (r.cartRequired) {
    needs.push("shopping_cart", "checkout_options.tax_tables");
    if (!r.customerRequired.length) needs.unshift("customer");
    if (!r.deliveryRequired.length) needs.push("delivery");
  }
  for (const p of needs) atoms.push(["needs", p]);
  for (const p of [...r.customerRequiredDirect, ...r.infoRequiredDirect]) atoms.push(["direct", p]);
  if (r.infoAllowed.length === 0) atoms.push(["info", null]);
  for (const p of r.infoAllowed) atoms.push(["info", p.replace(/^gateway_info\./, "")]);
  if (r.manualCapture) atoms.push(["flag", "manual capture"]);
  if (r.paymentComponent) atoms.push(["flag", "payment components"]);
  if (r.vatRates.length) atoms.push(["vat", r.vatRates.join(", ")]);
  return atoms;
}

function atomsText(atoms) {
  const of = (kind) => atoms.filter(([k]) => k === kind).map(([, v]) => v);
  const parts = [...of("mode"), ...of("currency"), ...of("amount")];
  if (of("needs").length) parts.push(`needs ${fieldList(of("needs"))}`);
  if (of("direct").length) parts.push(`a direct order needs ${fieldList(of("direct"))}`);
  const info = of("info");
  if (info.includes(null)) parts.push("takes no `gateway_info`");
  else if (info.length) parts.push(`takes \`gateway_info.{${info.join(", ")}}\``.replace(/\{(\w+)\}/, "$1"));
  parts.push(...of("flag"));
  if (of("vat").length) parts.push(`VAT rates limited to ${of("vat")[0]}`);
  return parts.join("; ");
}

const atomKey = ([k, v]) => `${k}\0${v}`;

// The rules of `rows` as Markdown bullets: what they all share first, then
// one line per gateway with the rest.
function rulesList(rows) {
  const lines = [];
  const atoms = rows.map(ruleAtoms);
  let shared = [];
  if (rows.length > 1) {
    shared = atoms[0].filter((a) => atoms.every((list) => list.some((b) => atomKey(b) === atomKey(a))));
    if (shared.length) lines.push(`- All of them: ${atomsText(shared)}.`);
  }
  const sharedKeys = new Set(shared.map(atomKey));
  rows.forEach((r, k) => {
    const rest = atoms[k].filter((a) => !sharedKeys.has(atomKey(a)));
    const text = atomsText(rest);
    const label = r.id === "UNSPECIFIED" ? "`GATEWAY_UNSPECIFIED` (no gateway)" : `\`GATEWAY_${r.id}\` (${r.name})`;
    lines.push(`- ${label}${text ? `: ${text}` : ""}.`);
  });
  return lines.join("\n");
}

// --- the document ------------------------------------------------------------------

const POST_ORDERS = "tests/testdata/post-orders";
const EXAMPLES = "tests/docs/examples";
const LIFECYCLE = "tests/testdata/lifecycle";
const MSP_REQUESTS = "third_party/multisafepay-openapi/components/examples/requests";
const SERVICE = "payments.v1.PaymentService";

function fence(lang, text) {
  return `\`\`\`${lang}\n${text}\n\`\`\``;
}

// A CreateOrder example: the grpcurl command, the payload, the body.
function createOrderExample(path, intro) {
  const text = read(path);
  const payload = parseJson(text);
  const result = translateOrder(text);
  if (!result.ok) {
    throw new Error(`${path} is refused: ${JSON.stringify(result.status)}`);
  }
  return [
    intro,
    "",
    fence("sh", `grpcurl -plaintext -d @ localhost:50051 ${SERVICE}/CreateOrder \\\n  < ${path}`),
    "",
    `<!-- payload CreateOrder ${path} -->`,
    fence("json", printJson(payload)),
    "",
    "becomes `POST /v1/json/orders` with the body:",
    "",
    "<!-- sends -->",
    fence("json", printJson(canonicalBody(result.body))),
  ].join("\n");
}

function violationsJson(violations) {
  const detail = {
    "@type": "type.googleapis.com/google.rpc.BadRequest",
    fieldViolations: violations.map(({ field, description }) => ({ field, description })),
  };
  return JSON.stringify(detail, null, 2);
}

// A lifecycle example: the grpcurl command, the payload, the call.
function lifecycleExample(rpc, path, intro) {
  const text = read(path);
  const payload = parseJson(text);
  const r = translateLifecycle(rpc, text);
  if (!r.ok) throw new Error(`${path} is refused by ${rpc}: ${JSON.stringify(r.status)}`);
  const call = [`${r.method} /v1/json${r.path}`];
  if (r.body) call.push("Content-Type: application/json", "", printJson(parseJson(r.body)));
  return [
    intro,
    "",
    fence("sh", `grpcurl -plaintext -d @ localhost:50051 ${SERVICE}/${rpc} \\\n  < ${path}`),
    "",
    `<!-- payload ${rpc} ${path} -->`,
    fence("json", printJson(payload)),
    "",
    r.body ? "becomes:" : "becomes (no body):",
    "",
    "<!-- sends -->",
    fence("http", call.join("\n")),
  ].join("\n");
}

// The wire value a probe request's field becomes, for the enum table.
function probeEnum(field, value) {
  const base = { order_id: "o", currency: "EUR", amount: 1, description: "d" };
  const request = field === "notification_method" ? { ...base, payment_options: { [field]: value } } : { ...base, [field]: value };
  const r = translateOrder(JSON.stringify(request), { validate: false });
  if (!r.ok) throw new Error(`probe ${field}=${value}: ${JSON.stringify(r.status)}`);
  const body = parseJson(r.body);
  const node = field === "notification_method" ? member(member(body, "payment_options") ?? { type: "object", members: [] }, field) : member(body, field);
  return node ? `\`${node.raw}\`` : "not sent";
}

function enumTable() {
  const enums = protoEnums(read("proto/payments/v1/order.proto"));
  const rows = [];
  const add = (enumName, field) => {
    for (const v of enums.get(enumName)) rows.push(`| \`${v.name}\` | \`${field}\` ${probeEnum(field, v.name)} |`);
  };
  add("OrderType", "type");
  const gw = (name) => probeEnum("gateway", name);
  rows.push(`| \`GATEWAY_UNSPECIFIED\` | \`gateway\` ${gw("GATEWAY_UNSPECIFIED")} (the payment page lists every method) |`);
  rows.push(`| \`GATEWAY_<ID>\`, e.g. \`GATEWAY_MISTERCASH\` | \`gateway\` ${gw("GATEWAY_MISTERCASH")} |`);
  add("NotificationMethod", "notification_method");
  add("RecurringModel", "recurring_model");
  add("CaptureMode", "capture");
  const lifecycleEnums = protoEnums(read("proto/payments/v1/payment_service.proto"));
  for (const v of lifecycleEnums.get("UpdateOrderStatus")) {
    const r = translateLifecycle("UpdateOrder", JSON.stringify({ order_id: "o", status: v.name, reason: "r" }));
    if (!r.ok) throw new Error(`probe UpdateOrder status ${v.name}`);
    const s = member(parseJson(r.body), "status");
    rows.push(`| \`${v.name}\` (UpdateOrder) | \`status\` ${s ? `\`${s.raw}\`` : "not sent"} |`);
  }
  return ["| contract value | MultiSafepay JSON |", "|---|---|", ...rows].join("\n");
}

// --- the cart rounding rule, in integers ---------------------------------------------

function decimal(text) {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`not a decimal: ${text}`);
  const frac = m[3] ?? "";
  const digits = BigInt(m[2] + frac);
  return { value: m[1] ? -digits : digits, scale: frac.length, text };
}

const pow10 = (n) => 10n ** BigInt(n);

// `value` at `scale` decimals to `scale - drop`, half up (away from zero).
function roundHalfUp(value, drop) {
  if (drop <= 0) return value * pow10(-drop);
  const d = pow10(drop);
  const magnitude = value < 0n ? -value : value;
  const q = (magnitude + d / 2n) / d;
  return value < 0n ? -q : q;
}

function cartWorkedExample(request) {
  const str = (node) => (node ? JSON.parse(node.raw) : undefined);
  const items = member(member(request, "shopping_cart"), "items").items;
  const tables = member(member(request, "checkout_options"), "tax_tables");
  const defaultRate = str(member(member(tables, "default"), "rate")) ?? "0";
  const lines = items.map((item) => {
    const selector = str(member(item, "tax_table_selector"));
    let rate = defaultRate;
    let from = "default";
    if (selector) {
      const table = member(tables, "alternate").items.find((t) => str(member(t, "name")) === selector);
      const rule = member(table, "rules").items.find((r) => !member(r, "country"));
      rate = str(member(rule, "rate"));
      from = selector;
    }
    return {
      name: str(member(item, "name")),
      price: decimal(str(member(item, "unit_price"))),
      quantity: BigInt(member(item, "quantity").raw),
      rate: decimal(rate),
      from,
    };
  });
  const minor = 2; // EUR
  const ps = Math.max(...lines.map((l) => l.price.scale));
  const rs = Math.max(...lines.map((l) => l.rate.scale));
  const scaled = (d, s) => d.value * pow10(s - d.scale);
  const subtotals = lines.map((l) => scaled(l.price, ps) * l.quantity);
  const taxes = lines.map((l, k) => subtotals[k] * scaled(l.rate, rs));
  const itemsSum = subtotals.reduce((a, b) => a + b, 0n);
  const vatSum = taxes.reduce((a, b) => a + b, 0n);
  const itemsMinor = roundHalfUp(itemsSum, ps - minor);
  const vatMinor = roundHalfUp(vatSum, ps + rs - minor);
  const split = (v, drop) => {
    const s = v.toString().padStart(drop + 1, "0");
    return `${s.slice(0, s.length - drop)}|${s.slice(s.length - drop)}`;
  };
  // What rounding every line on its own would give, to show why it is wrong.
  const perLineItems = subtotals.map((v) => roundHalfUp(v, ps - minor));
  const perLineVat = taxes.map((v) => roundHalfUp(v, ps + rs - minor));
  const perLineTotal = [...perLineItems, ...perLineVat].reduce((a, b) => a + b, 0n);
  const table = [
    "| line | `unit_price` | `quantity` | rate (table) | `unit_price` × `quantity`, scaled | × rate, scaled |",
    "|---|---|---|---|---|---|",
    ...lines.map((l, k) =>
      `| ${l.name} | \`${l.price.text}\` | ${l.quantity} | \`${l.rate.text}\` (${l.from}) | ${subtotals[k]} | ${taxes[k]} |`),
  ].join("\n");
  const text = [
    `Every price is scaled to ${ps} decimals (the most any \`unit_price\` has) and`,
    `every rate to ${rs}, so each product below is an exact integer:`,
    "",
    table,
    "",
    `- items: ${subtotals.join(" + ")} = ${itemsSum} at ${ps} decimals. To cents, drop`,
    `  ${ps - minor} digits rounding half up: ${split(itemsSum, ps - minor)} → **${itemsMinor}**.`,
    `- VAT: ${taxes.join(" + ")} = ${vatSum} at ${ps} + ${rs} = ${ps + rs}`,
    `  decimals. To cents, drop ${ps + rs - minor} digits rounding half up:`,
    `  ${split(vatSum, ps + rs - minor)} → **${vatMinor}**.`,
    `- total: ${itemsMinor} + ${vatMinor} = **${itemsMinor + vatMinor}**, which must be \`amount\`.`,
  ];
  if (perLineTotal !== itemsMinor + vatMinor) {
    text.push(
      `- Rounding each line instead gives VAT ${perLineVat.join(" + ")} =`,
      `  ${perLineVat.reduce((a, b) => a + b, 0n)} and a total of ${perLineTotal}: one cent off, and refused.`);
  }
  return { total: itemsMinor + vatMinor, items: itemsMinor, vat: vatMinor, perLineTotal, text: text.join("\n") };
}

// --- sections ----------------------------------------------------------------------

// Which table rows each gateway section lists; every row must land in exactly
// one, so a new gateway cannot be left out of the doc.
function sections(rules) {
  const ids = (...list) => rules.filter((r) => list.includes(r.id));
  const family = (name, ...except) => rules.filter((r) => r.family === name && !except.includes(r.id));
  return [
    {
      title: "Bancontact",
      rows: ids("MISTERCASH"),
      notes: [
        "MultiSafepay's primary Belgian method: no `direct` orders, except as a payment",
        "component order (see [Payment components](#payment-components)).",
        "- `customer.locale` is `ll_CC`, typically `nl_BE` or `fr_BE`.",
        "- QR code: `gateway_info.qr_enabled: true`; the page is styled through",
        "  `payment_options.settings.gateways.MISTERCASH` (`qr_only`, `qr_size` such as",
        "  `\"500px\"`, `mobile_pay_button_position` `top` / `bottom` / `center`,",
        "  `disable_mobile_pay_button`).",
      ],
      example: () => createOrderExample(`${POST_ORDERS}/bancontact-redirect.request.json`,
        "MultiSafepay's own Bancontact example:"),
    },
    {
      title: "iDEAL and iDEAL QR",
      rows: ids("IDEAL", "IDEALQR"),
      notes: [
        "- iDEAL takes no `issuer_id`: since iDEAL 2.0 the customer picks the bank at",
        "  iDEAL, and MultiSafepay answers 1036 to a stale one.",
        "- iDEAL QR: `qr_size` 100 to 2000; with `allow_change_amount`, `min_amount` and",
        "  `max_amount` are required, and `min_amount` ≤ `amount` ≤ `max_amount`. They",
        "  are int64 minor units in the contract and strings on the wire, as",
        "  MultiSafepay documents them.",
      ],
      example: () => createOrderExample(`${EXAMPLES}/ideal-qr.request.json`,
        "An iDEAL QR code for 10.00 EUR that the customer may change to 5.00 up to 20.00\n" +
        "EUR. (MultiSafepay's own iDEAL QR example asks for at least 5.00 EUR on a\n" +
        "1.00 EUR order, which the gateway refuses: see [Validation](#validation).)"),
    },
    {
      title: "Cards",
      rows: family("card"),
      notes: [
        "- Redirect: name the card gateway (or `GATEWAY_CREDITCARD` to let the customer",
        "  pick the brand); MultiSafepay's payment page collects the card.",
        "- Direct (PCI DSS merchants only): `gateway_info.card_number` (12 to 19",
        "  digits), `card_expiry_date` (`YYMM`), `card_cvc` (3 or 4 digits; not for",
        "  Maestro); `customer.browser` is recommended for 3-D Secure 2 (not",
        "  required: MultiSafepay's own card direct example has none).",
        "- MOTO (mail or telephone order): `gateway_info.moto: true`.",
        "- `gateway_info.flexible_3d` needs `gateway_info.term_url`.",
        "- `capture: CAPTURE_MODE_MANUAL` only authorises; capture later with",
        "  [CaptureOrder](#captureorder).",
        "- Card data is never logged and never echoed in errors.",
      ],
      example: () => createOrderExample(`${EXAMPLES}/card-direct.request.json`,
        "A direct Visa order with card data and manual capture (MultiSafepay's own\n" +
        "card examples are redirects; `tests/testdata/post-orders/credit-card-redirect`\n" +
        "is one):"),
    },
    {
      title: "Apple Pay and Google Pay",
      rows: ids("APPLEPAY", "GOOGLEPAY"),
      notes: [
        "- A direct order carries the wallet's token in `gateway_info.payment_token`",
        "  (Apple Pay: the JSON-encoded `payment.token`, as a string; Google Pay:",
        "  `PaymentMethodTokenizationData.token`). No customer is needed.",
        "- A redirect order lets MultiSafepay's page show the wallet button.",
      ],
      example: () => createOrderExample(`${POST_ORDERS}/apple-pay-direct.request.json`,
        "MultiSafepay's Apple Pay direct example:"),
    },
    {
      title: "Banking methods",
      rows: family("banking", "MISTERCASH", "IDEAL", "IDEALQR"),
      notes: [
        "Bank transfer, SEPA Direct Debit, Sofort, Trustly, Belfius, CBC/KBC, EPS,",
        "Giropay, MyBank, Dotpay, MB WAY, Multibanco, Bizum, Request to Pay, TrustPay.",
        "- Bizum and MB WAY: `customer.phone` is recommended, not required",
        "  (MultiSafepay's own Bizum direct example sends no customer).",
        "- SEPA Direct Debit direct carries the account and the mandate",
        "  (`emandate`); Sofort direct may carry the account holder's details.",
      ],
      example: () => createOrderExample(`${POST_ORDERS}/sofort-direct.request.json`,
        "MultiSafepay's Sofort direct example, with account data in `gateway_info`:"),
    },
    {
      title: "Wallets",
      rows: family("wallet", "APPLEPAY", "GOOGLEPAY"),
      notes: [
        "PayPal, Alipay, Alipay+, Amazon Pay, WeChat Pay (Apple Pay and Google Pay:",
        "[above](#apple-pay-and-google-pay)).",
      ],
      example: () => createOrderExample(`${POST_ORDERS}/amazon-pay.request.json`,
        "MultiSafepay's Amazon Pay example, with the customer details Amazon Pay needs:"),
    },
    {
      title: "Buy now, pay later",
      rows: family("BNPL"),
      notes: [
        "Pay After Delivery, Klarna, in3, Billink, E-Invoicing, Riverty, Betaal per",
        "Maand, Zinia.",
        "- `amount` must equal the cart total by MultiSafepay's rounding rule",
        "  ([worked example](#the-cart-rounding-rule)).",
        "- Cart lines: `unit_price` an exact decimal string (at most 10 decimals),",
        "  `quantity` ≥ 1, `tax_table_selector` naming an alternate tax table with a",
        "  rule for the delivery (else customer) country or one without a country.",
        "- `gateway_info.birthday` is a real `YYYY-MM-DD` date (`customer.birthday` is",
        "  not checked: MultiSafepay's own examples send `\"10071970\"` there).",
        "- Shipping is reported with [UpdateOrder](#updateorder); refunds carry cart",
        "  lines ([RefundOrder](#refundorder)).",
      ],
      example: () => createOrderExample(`${POST_ORDERS}/klarna-direct.request.json`,
        "MultiSafepay's Klarna direct example (decimal strings such as `\"100\"` and\n" +
        "`\"0\"` are sent as the numbers `100` and `0`):"),
    },
    {
      title: "Gift cards",
      rows: family("prepaid"),
      extraRules: [
        `- Every gift card and voucher (\`GATEWAY_\` numbers 100 and up: ${giftCards()}): no direct orders; takes no \`gateway_info\`.`,
      ],
      notes: [
        "- Without a gateway, the payment page offers the site's gift cards next to",
        "  the other methods (MultiSafepay's `gift-card` example);",
        "  `payment_options.settings.coupons.allow` limits which.",
      ],
      example: () => createOrderExample(`${EXAMPLES}/gift-card.request.json`,
        "A VVV Cadeaukaart payment:"),
    },
    {
      title: "Payment pages and payment links",
      rows: ids("UNSPECIFIED"),
      notes: [
        "- `type` `ORDER_TYPE_REDIRECT` (or unset) sends the customer to the payment",
        "  page; `ORDER_TYPE_PAYMENT_LINK` makes a link to send yourself. Without a",
        "  gateway the page lists every active method; with one it opens that method.",
        "- Lifetime: `days_active` 1 to 365 or `seconds_active` 1 to 31536000 (which",
        "  wins).",
        "- `gateway_info.terminal_id` sends the order to a cloud POS terminal.",
      ],
      example: () => createOrderExample(`${POST_ORDERS}/payment-page.request.json`,
        "MultiSafepay's payment page example:"),
    },
    {
      title: "FastCheckout",
      rows: [],
      notes: [
        "`type: ORDER_TYPE_CHECKOUT`: MultiSafepay's hosted checkout, with shipping.",
        "- Needs `shopping_cart`, `checkout_options.tax_tables`,",
        "  `payment_options.redirect_url` and `payment_options.cancel_url`; `amount`",
        "  equals the cart total.",
        "- `checkout_options.shipping_methods` prices are exact decimal strings ≥ 0,",
        "  sent as numbers; `custom_fields` (free-form `google.protobuf.Struct`s) are",
        "  only allowed here.",
      ],
      example: () => createOrderExample(`${POST_ORDERS}/fastcheckout.request.json`,
        "MultiSafepay's FastCheckout example:"),
    },
    {
      title: "Recurring payments",
      rows: [],
      notes: [
        "- The first payment is a normal order plus `recurring_model`",
        "  (`RECURRING_MODEL_CARD_ON_FILE`, `_SUBSCRIPTION` or `_UNSCHEDULED`) and",
        "  `customer.reference` (your customer ID). MultiSafepay returns a token.",
        "- A later payment is `ORDER_TYPE_DIRECT` with `recurring_id` (the token, not",
        "  `\"\"`), the same `recurring_model` and `customer.reference`. It needs no",
        "  gateway and no card or browser data.",
      ],
      example: () => createOrderExample(`${POST_ORDERS}/recurring-initial.request.json`,
        "MultiSafepay's first recurring payment example:"),
    },
    {
      title: "Payment components",
      rows: rules.filter((r) => r.paymentComponent),
      listOnly: true,
      notes: [
        "MultiSafepay's embedded checkout fields: the browser encrypts the payment",
        "details and you send them in `payment_data`.",
        "- `type: ORDER_TYPE_DIRECT`; `payment_data.payload` is required;",
        "  `payment_data.gateway` names the method (or `gateway` does; if both are",
        "  set they must be equal). Bancontact is allowed direct this way.",
        "- The direct-order data of the gateway (card data, `customer.browser`) is",
        "  inside the payload, so it is not required in the request.",
      ],
      example: () => createOrderExample(`${POST_ORDERS}/payment-component.request.json`,
        "MultiSafepay's payment component example (iDEAL):"),
    },
  ];
}

function giftCards() {
  const gateways = protoEnums(read("proto/payments/v1/gateway.proto")).get("Gateway");
  return gateways.filter((g) => g.number >= 100).map((g) => `\`${g.name.replace(/^GATEWAY_/, "")}\``).join(", ");
}

const anchor = (title) => title.toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-");

export function generate() {
  const rules = gatewayRules();
  const secs = sections(rules);
  // Every row of the table in exactly one gateway section.
  const placed = new Map();
  for (const s of secs.filter((x) => !x.listOnly)) {
    for (const r of s.rows) {
      if (placed.has(r.id)) throw new Error(`GATEWAY_${r.id} is in ${placed.get(r.id)} and ${s.title}`);
      placed.set(r.id, s.title);
    }
  }
  const missing = rules.filter((r) => !placed.has(r.id)).map((r) => r.id);
  if (missing.length) throw new Error(`gateway sections miss ${missing.join(", ")}`);

  const out = [];
  const push = (...parts) => out.push(...parts);
  push(
    "<!-- Generated by tools/gen_api_docs.mjs: do not edit. Run `node tools/gen_api_docs.mjs`",
    "     (needs `bazel build //tools/order_translate //tests/docs:lifecycle_translate`);",
    "     tests/docs/api_docs_check.mjs fails when this file is stale. -->",
    "",
    "# The API by example",
    "",
    "What each `payments.v1.PaymentService` call looks like on the wire: for every",
    "gateway family a CreateOrder payload, as you pass it to grpcurl, and the",
    "MultiSafepay JSON the gateway sends for it; a rejected request; and the",
    "lifecycle RPCs with the MultiSafepay call each becomes. Every MultiSafepay body",
    "here is the output of the gateway's own validator and translator",
    "(`//tools/order_translate`, `//tests/docs:lifecycle_translate`), regenerated",
    "and compared by `./dev test`, so it cannot drift from what the gateway sends.",
    "The rules per gateway are read from the gateway table",
    "([`service/create_order/gateway_rules.cc`](../service/create_order/gateway_rules.cc)).",
    "",
    "Contents:",
    "",
    "- [How the contract mirrors MultiSafepay](#how-the-contract-mirrors-multisafepay)",
    "- [Calling the gateway](#calling-the-gateway)",
    "- [Rules of every order](#rules-of-every-order)",
    ...secs.map((s) => `- [${s.title}](#${anchor(s.title)})`),
    "- [Validation](#validation)",
    "- [Lifecycle RPCs](#lifecycle-rpcs)",
    "",
    "## How the contract mirrors MultiSafepay",
    "",
    "- **Field names are MultiSafepay's own** (`order_id`, `payment_options`,",
    "  `gateway_info.qr_enabled`, `shopping_cart.items[].unit_price`), so a",
    "  MultiSafepay docs example becomes a request by changing only the enum values.",
    "  Payloads use the proto field names; grpcurl and buf curl also accept the",
    "  lowerCamelCase JSON names.",
    "- **Enums** carry MultiSafepay's value after a prefix (the translator's own",
    "  output for each value):",
    "",
    enumTable(),
    "",
    "- **Money is never a binary float.**",
    "  - `amount` (and refund, capture and shipment amounts, split `fixed`) is int64",
    "    minor units: 10.00 EUR is `1000`. proto3 JSON accepts `1000` or `\"1000\"`",
    "    (grpcurl prints int64 as strings); MultiSafepay gets the integer `1000`.",
    "  - `unit_price`, tax `rate`, `weight.value`, shipping `price` and split",
    "    `percentage` are exact decimal strings in the contract (`\"13.761467889\"`,",
    "    `\"0.21\"`, `\"0.10\"`) and are sent as JSON numbers digit for digit",
    "    (`13.761467889`, `0.21`, `0.10`, never `0.1`).",
    "  - iDEAL QR `gateway_info.min_amount` / `max_amount` are int64 minor units in",
    "    the contract and strings on the wire (`500` becomes `\"500\"`), as",
    "    MultiSafepay documents them.",
    "- **Unset fields are left out; `\"\"` is sent as `\"\"`.** Optional fields use",
    "  proto3 `optional`, so a field you never set is not sent, while",
    "  `\"forwarded_ip\": \"\"` reaches MultiSafepay as `\"forwarded_ip\": \"\"`.",
    "- The bodies below are pretty-printed; the gateway sends them on one line,",
    "  members in the order shown (inside FastCheckout's free-form",
    "  `custom_fields`, members are sorted by name).",
    "",
    "## Calling the gateway",
    "",
    "With `./dev run` up (the server has reflection, so no proto files are needed):",
    "",
    fence("sh", [
      `grpcurl -plaintext -d @ localhost:50051 ${SERVICE}/CreateOrder \\`,
      `  < ${POST_ORDERS}/bancontact-redirect.request.json`,
    ].join("\n")),
    "",
    "grpcurl is not packaged for Debian; `buf curl` (installed by `./dev`) does the",
    "same:",
    "",
    fence("sh", [
      "node_modules/.bin/buf curl --protocol grpc --http2-prior-knowledge \\",
      `  -d @${POST_ORDERS}/bancontact-redirect.request.json \\`,
      `  http://127.0.0.1:50051/${SERVICE}/CreateOrder`,
    ].join("\n")),
    "",
    "Every payload below is a file in the repository; the command above each one",
    "sends it. CreateOrder answers with `order_id`, `payment_url` (where to send",
    "the customer) and `session_id`.",
    "",
    "## Rules of every order",
    "",
    "Checked before anything is sent, all at once (see [Validation](#validation)):",
    "",
    "- `order_id` required, at most 50 characters: ASCII letters, digits, spaces",
    "  and `- _ . : / # + @ = ~`; it is the idempotency key.",
    "- `currency` an active ISO 4217 code in upper case; `amount` > 0 minor units.",
    "- `description` required, at most 200 characters, no HTML.",
    "- `type` unset means redirect. `ORDER_TYPE_DIRECT` needs a `gateway` that",
    "  supports direct orders (except recurring and payment component orders).",
    "- URLs (`notification_url`, `redirect_url`, `cancel_url`, `feed_url`) are",
    "  absolute `http://` or `https://` URLs.",
    "- `customer`: `locale` `ll_CC`, `country` ISO 3166-1 alpha-2, names 2 to 25",
    "  characters, `email` at most 64, `ip_address` one IPv4 or IPv6 address.",
    "- With a `shopping_cart`, `amount` equals the cart total",
    "  ([rounding rule](#the-cart-rounding-rule)).",
    "- `gateway_info` fields a gateway does not take are refused.",
    "- The gateway's own rules, listed per family below, come from the gateway",
    "  table: whether it can be `direct`, its currencies and amount range, and the",
    "  fields it needs.",
  );

  for (const s of secs) {
    // Lines before the first bullet introduce the section; the bullets join
    // the rules read from the table, after them.
    const first = s.notes.findIndex((line) => line.startsWith("- "));
    const intro = first < 0 ? s.notes : s.notes.slice(0, first);
    const bullets = first < 0 ? [] : s.notes.slice(first);
    push("", `## ${s.title}`, "");
    if (intro.length) push(intro.join("\n"), "");
    if (s.listOnly) {
      push(`Gateways: ${s.rows.map((r) => `\`GATEWAY_${r.id}\``).join(", ")}.`, "");
    }
    push("Rules:", "");
    if (!s.listOnly && s.rows.length) push(rulesList(s.rows));
    if (s.extraRules) push(...s.extraRules);
    if (bullets.length) push(bullets.join("\n"));
    push("", s.example());
  }

  // --- validation
  const qrPath = `${EXAMPLES}/ideal-qr-refused.request.json`;
  const qr = translateOrder(read(qrPath));
  if (qr.ok) throw new Error(`${qrPath} is accepted; the Validation section expects a refusal`);
  const cartPath = `${EXAMPLES}/cart-rounding.request.json`;
  const cartRequest = parseJson(read(cartPath));
  const worked = cartWorkedExample(cartRequest);
  const amountNode = member(cartRequest, "amount");
  if (BigInt(amountNode.raw) !== worked.total) {
    throw new Error(`${cartPath}: amount ${amountNode.raw} but the worked total is ${worked.total}`);
  }
  const offByOne = (worked.perLineTotal !== worked.total ? worked.perLineTotal : worked.total - 1n).toString();
  amountNode.raw = offByOne;
  const refused = translateOrder(printJson(cartRequest));
  amountNode.raw = worked.total.toString();
  const expectedMessage = `expected ${worked.total} (items ${worked.items} + VAT ${worked.vat})`;
  if (refused.ok || !refused.status.violations.some((v) => v.field === "amount" && v.description.includes(expectedMessage))) {
    throw new Error(`the validator disagrees with the worked cart total: ${JSON.stringify(refused)}`);
  }
  push(
    "",
    "## Validation",
    "",
    "Invalid requests fail with `INVALID_ARGUMENT` before anything reaches",
    "MultiSafepay. The status carries a `google.rpc.BadRequest` with one violation",
    "per invalid field (all of them at once), named by its proto path",
    "(`customer.first_name`, `shopping_cart.items[1].unit_price`). Descriptions",
    "never repeat personal or card data. See [errors.md](errors.md) for every other",
    "error.",
    "",
    "### A rejected request",
    "",
    "An iDEAL QR order whose QR code is too large (`qr_size` 2500; MultiSafepay",
    "draws 100 to 2000 pixels), whose smallest payable amount is above its largest",
    "(`min_amount` 2000, `max_amount` 500) and whose customer email has no `@`:",
    "",
    fence("sh", `grpcurl -plaintext -d @ localhost:50051 ${SERVICE}/CreateOrder \\\n  < ${qrPath}`),
    "",
    `<!-- payload CreateOrder invalid ${qrPath} -->`,
    fence("json", printJson(parseJson(read(qrPath)))),
    "",
    `fails with code \`${qr.status.code}\`, message \`${qr.status.message}\` and`,
    "this detail:",
    "",
    "<!-- answers -->",
    fence("json", violationsJson(qr.status.violations)),
    "",
    "### The cart rounding rule",
    "",
    "When an order has a `shopping_cart`, `amount` must be the cart total as",
    "MultiSafepay computes it (otherwise MultiSafepay answers 1027):",
    "",
    "    items = round(Σ unit_price × quantity)",
    "    VAT   = round(Σ unit_price × quantity × rate)",
    "    total = items + VAT",
    "",
    "Each sum is rounded once, half up, to the currency's minor unit; lines are",
    "not rounded one by one. The gateway computes it in integers (128-bit, exact),",
    "never in floating point. A cart of a notebook at 2.40 EUR and a pencil at",
    "1.30 EUR (default VAT, 21 %) and a pack of tea at 13.761467889 EUR (the `BTW9`",
    "table, 9 %: 15.00 EUR with VAT):",
    "",
    worked.text,
    "",
    createOrderExample(cartPath, "The order with that amount:"),
    "",
    `With \`"amount": ${offByOne}\` instead, the same request fails with code`,
    `\`${refused.status.code}\`, message \`${refused.status.message}\` and this detail:`,
    "",
    fence("json", violationsJson(refused.status.violations)),
  );

  // --- lifecycle
  push(
    "",
    "## Lifecycle RPCs",
    "",
    "After CreateOrder, the order is read and managed by its `order_id`. Each RPC",
    "is validated like CreateOrder and becomes one MultiSafepay call; paths are",
    "relative to the host of `MSP_ENV` (`https://testapi.multisafepay.com` or",
    "`https://api.multisafepay.com`), IDs are percent-encoded, and the API key",
    "header is left out here. Where MultiSafepay publishes an example request, the",
    `payload (in \`${LIFECYCLE}/\`) is the contract form of it and the body equals`,
    `MultiSafepay's example (\`${MSP_REQUESTS}/\`), as the RPCs' tests in`,
    "`service/order_actions/` and `tests/docs/api_docs_check.mjs` check.",
    "",
    "UpdateOrder, CaptureOrder and RefundOrder are not idempotent: after an",
    "ambiguous failure, read the order with GetOrder before sending them again",
    "([errors.md](errors.md)).",
    "",
    "### GetOrder",
    "",
    lifecycleExample("GetOrder", `${EXAMPLES}/getOrder.request.json`,
      "The order with its typed status, payment details, costs and related\n" +
      "transactions:"),
    "",
    "### UpdateOrder",
    "",
    lifecycleExample("UpdateOrder", `${LIFECYCLE}/shipOrder.request.json`,
      "Reports a shipment (needed to invoice BNPL orders), with tracking and invoice\n" +
      "data. `amount` (partial shipment) is only allowed with\n" +
      "`UPDATE_ORDER_STATUS_SHIPPED`, `exclude_order` only with\n" +
      "`UPDATE_ORDER_STATUS_CANCELLED`; `extend_expiration` extends a Klarna payment\n" +
      "term. MultiSafepay's ship example:"),
    "",
    "### CancelOrder",
    "",
    lifecycleExample("CancelOrder", `${LIFECYCLE}/cancelOrder.request.json`,
      "Cancels an unpaid order and ends its payment page or link (MultiSafepay's\n" +
      "cancel example; `reason`, when set, is sent too):"),
    "",
    "### CaptureOrder",
    "",
    lifecycleExample("CaptureOrder", `${LIFECYCLE}/partialCapture.request.json`,
      "Captures an order created with `capture: CAPTURE_MODE_MANUAL`; without\n" +
      "`amount` it captures everything. MultiSafepay's partial capture example (the\n" +
      "strings set to `\"\"` are sent as `\"\"`):"),
    "",
    "### RefundOrder",
    "",
    lifecycleExample("RefundOrder", `${LIFECYCLE}/refund.request.json`,
      "Refunds part of an order (without `amount`, all of it); `currency` must be the\n" +
      "order's. MultiSafepay's refund example:"),
    "",
    lifecycleExample("RefundOrder", `${LIFECYCLE}/refundBNPL.request.json`,
      "A BNPL order refunds cart lines instead: `checkout_data` holds the original\n" +
      "cart plus the refunded lines with a negative `unit_price`, sent digit for\n" +
      "digit. MultiSafepay's BNPL refund example (plus the `currency` the contract\n" +
      "always sends):"),
    "",
    "### ListGateways",
    "",
    lifecycleExample("ListGateways", `${EXAMPLES}/listGateways.request.json`,
      "The gateways the site can use, optionally filtered; `include_coupons` also\n" +
      "lists every gift card:"),
    "",
    "### GetGateway",
    "",
    lifecycleExample("GetGateway", `${EXAMPLES}/getGateway.request.json`,
      "One gateway, if the site can use it (`FAILED_PRECONDITION` `MSP_1023`\n" +
      "otherwise):"),
    "",
    "### ListPaymentMethods",
    "",
    lifecycleExample("ListPaymentMethods", `${EXAMPLES}/listPaymentMethods.request.json`,
      "The payment methods a checkout page can offer, with their limits, icons and\n" +
      "recurring support, optionally filtered; `group_cards` lists the card schemes\n" +
      "as one `CREDITCARD` method with brands, `include_coupons` adds gift cards:"),
    "",
    "### ListRecurringTokens",
    "",
    lifecycleExample("ListRecurringTokens", `${EXAMPLES}/listRecurringTokens.request.json`,
      "A customer's recurring tokens, by the `customer.reference` of the orders that\n" +
      "issued them (an empty list when there are none); `limit` and `offset` page:"),
    "",
    "### DeleteRecurringToken",
    "",
    lifecycleExample("DeleteRecurringToken", `${EXAMPLES}/deleteRecurringToken.request.json`,
      "Deletes one token; a token that is not (or no longer) there is `NOT_FOUND`.\n" +
      "Not retried by the client library (no idempotency key):"),
    "",
  );
  return out.join("\n");
}

function main(argv) {
  const at = argv.indexOf("--out");
  const out = at >= 0 ? argv[at + 1] : join(repoRoot, "docs/api.md");
  if (!out) throw new Error("usage: node tools/gen_api_docs.mjs [--out FILE]");
  writeFileSync(out, generate());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(`gen_api_docs: ${e.message}`);
    process.exit(1);
  }
}
