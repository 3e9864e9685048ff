// Copyright 2026 The msp-gateway Authors.
//
// Checks docs/api.md and the translators it documents:
//
//   1. the doc is current: tools/gen_api_docs.mjs, run into a temporary file,
//      writes exactly docs/api.md (so a change of the translators, the
//      gateway table, the examples or the generator shows up as a stale doc).
//      The doc's bodies are the tools' output by construction, so this is the
//      only comparison of the doc with the tools;
//   2. the translators against MultiSafepay, for every payload the doc shows:
//      where MultiSafepay publishes the example, order_translate /
//      lifecycle_translate turn the payload file into MultiSafepay's own JSON,
//      read from the vendored OpenAPI tree (third_party/multisafepay-openapi)
//      digit for digit (member order aside; a normalised POST /orders example
//      only as NORMALISATIONS.md lists it); the rejected payload gets exactly
//      the violations of its hand-written .violations.json; payloads of our
//      own are accepted;
//   3. every MultiSafepay request example with a contract partner translates
//      that way: all 43 POST /orders examples and the lifecycle ones.
//
//   BAZEL_BIN=$(bazel info bazel-bin) node tests/docs/api_docs_check.mjs
//
// Needs //tools/order_translate and //tests/docs:lifecycle_translate built
// (`bazel test //...` builds both). Prints "ok - ..." / "not ok - ..." per
// check and "# result <passed> <failed>"; exits 1 when anything failed.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  canonicalBody, jsonDiff, parseJson, printJson, repoRoot, tools, translateLifecycle, translateOrder,
} from "../../tools/gen_api_docs.mjs";

const DOC = "docs/api.md";
const POST_ORDERS = "tests/testdata/post-orders";
const LIFECYCLE = "tests/testdata/lifecycle";
const VENDORED = "third_party/multisafepay-openapi/components/examples/requests";

// The lifecycle contract requests and the MultiSafepay request example each
// must become (tests/testdata/lifecycle/README.md), with what the contract
// adds to it.
// Every refund and capture carries a request_id (the idempotency key), which
// the gateway appends to the description as "[request_id:<uuid>]"; the
// examples' own description is "" (or none), so the marker is all of it.
const LIFECYCLE_EXAMPLES = {
  "shipOrder": { example: "patch-orders/shipOrder.json" },
  "cancelOrder": { example: "patch-orders/cancelOrder.json" },
  "partialCapture": {
    example: "capture/partialCapture.json",
    adds: { description: "[request_id:c1f4a7e2-9b3d-4f8a-a6c5-3e2d1b0f9a87]" },
  },
  "refund": {
    example: "refunds/refund.json",
    adds: { description: "[request_id:5d0d1b0e-6a8f-4c1e-9d3b-2f7a4c8e1b60]" },
  },
  // The contract requires the currency on every refund; the gateway sends it.
  "refundBNPL": {
    example: "refunds/refundBNPL.json",
    adds: { currency: "EUR", description: "[request_id:a8e3c5d2-4b1f-4e6a-8c9d-7f2e1a3b5c40]" },
  },
};

let passed = 0;
let failed = 0;
function check(name, fn) {
  try {
    fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}\n  ${String(e?.message ?? e).split("\n").join("\n  ")}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}
const read = (path) => readFileSync(join(repoRoot, path), "utf8");

// The marked fenced blocks of the doc: `<!-- payload <Rpc> [invalid] <file> -->`,
// `<!-- sends -->` and `<!-- answers -->`, each directly above a fence.
function markedBlocks(markdown) {
  const lines = markdown.split("\n");
  const blocks = [];
  for (let k = 0; k < lines.length; k++) {
    const mark = /^<!-- (payload|sends|answers)\b ?(.*?) ?-->$/.exec(lines[k]);
    if (!mark) continue;
    const open = /^```(\w+)$/.exec(lines[k + 1] ?? "");
    if (!open) throw new Error(`${DOC}:${k + 1}: a marker not followed by a fence`);
    let end = k + 2;
    while (end < lines.length && lines[end] !== "```") end++;
    blocks.push({
      kind: mark[1], args: mark[2] ? mark[2].split(" ") : [], line: k + 1,
      text: lines.slice(k + 2, end).join("\n"),
    });
    k = end;
  }
  return blocks;
}

function sameJson(shown, actual, what, options) {
  const d = jsonDiff(parseJson(shown), parseJson(actual), options);
  assert(d === null, `${what}: ${d}`);
}

// --- 0. the tools

const { orderTranslate, lifecycleTranslate } = tools();
const haveTools = existsSync(orderTranslate) && existsSync(lifecycleTranslate);
check("the translators are built", () => {
  assert(haveTools, `missing ${orderTranslate} or ${lifecycleTranslate}: ` +
    "bazel build //tools/order_translate //tests/docs:lifecycle_translate (and set BAZEL_BIN)");
});

if (haveTools) {
  // --- 1. the doc is current

  // Not check(): a stale doc must read "not ok - docs/api.md is stale; run
  // node tools/gen_api_docs.mjs", the fix in the line itself.
  const dir = mkdtempSync(join(tmpdir(), "api-docs-"));
  try {
    const fresh = join(dir, "api.md");
    const r = spawnSync(process.execPath, [join(repoRoot, "tools/gen_api_docs.mjs"), "--out", fresh],
      { encoding: "utf8", env: process.env });
    if (r.status !== 0) {
      failed++;
      console.log(`not ok - tools/gen_api_docs.mjs runs\n  ${`${r.stderr}${r.stdout}`.trim()}`);
    } else {
      const want = readFileSync(fresh, "utf8").split("\n");
      const have = read(DOC).split("\n");
      const at = want.findIndex((line, k) => line !== have[k]);
      if (at < 0 && want.length === have.length) {
        passed++;
        console.log(`ok - ${DOC} is up to date`);
      } else {
        const k = at >= 0 ? at : Math.min(want.length, have.length);
        failed++;
        console.log(`not ok - ${DOC} is stale; run node tools/gen_api_docs.mjs\n` +
          `  first difference at line ${k + 1}:\n    doc:       ${have[k]}\n    generated: ${want[k]}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // --- 2. every payload of the doc, through the tools again

  const blocks = markedBlocks(read(DOC));
  const payloads = blocks.filter((b) => b.kind === "payload");
  check(`${DOC} has CreateOrder and lifecycle payloads, each followed by its result`, () => {
    assert(payloads.length > 0, "no marked payloads");
    for (const rpc of ["CreateOrder", "GetOrder", "UpdateOrder", "CancelOrder", "CaptureOrder",
      "RefundOrder", "ListGateways", "GetGateway", "ListPaymentMethods", "ListRecurringTokens",
      "DeleteRecurringToken"]) {
      assert(payloads.some((p) => p.args[0] === rpc), `no ${rpc} payload`);
    }
    for (const p of payloads) {
      const next = blocks[blocks.indexOf(p) + 1];
      const want = p.args[1] === "invalid" ? "answers" : "sends";
      assert(next?.kind === want, `${DOC}:${p.line}: payload not followed by a "${want}" block`);
    }
  });

  // The POST /orders examples NORMALISATIONS.md changes (their .msp.json is
  // the normalised example); every other .msp.json is MultiSafepay's as is.
  const normalised = new Set();
  for (const line of read(`${POST_ORDERS}/NORMALISATIONS.md`).split("\n")) {
    const row = /^\| N\d+ \|[^|]*\| ([^|]*) \|/.exec(line);
    if (!row) continue;
    for (const name of row[1].split(",")) normalised.add(name.trim().split(" ")[0]);
  }
  // MultiSafepay's POST /orders example <name>, as the translator must make it.
  const postOrdersExample = (name) => {
    const original = read(`${VENDORED}/post-orders/${name}.json`);
    if (normalised.has(name)) return read(`${POST_ORDERS}/${name}.msp.json`);
    // Not normalised: the pair's .msp.json must be the original itself.
    const d = jsonDiff(parseJson(read(`${POST_ORDERS}/${name}.msp.json`)), parseJson(original));
    assert(d === null, `${POST_ORDERS}/${name}.msp.json is not MultiSafepay's ${name}.json: ${d}`);
    return original;
  };
  const lifecycleExample = (name) => {
    const { example, adds } = LIFECYCLE_EXAMPLES[name];
    const body = JSON.parse(read(`${VENDORED}/${example}`));
    return JSON.stringify({ ...body, ...(adds ?? {}) });
  };
  const baseName = (path) => path.split("/").pop().replace(/\.request\.json$/, "");

  for (const p of payloads) {
    const [rpc, ...rest] = p.args;
    const invalid = rest[0] === "invalid";
    const path = invalid ? rest[1] : rest[0];
    const name = baseName(path);
    if (rpc === "CreateOrder" && !invalid) {
      const published = path.startsWith(`${POST_ORDERS}/`);
      check(published
        ? `CreateOrder payload ${path} becomes MultiSafepay's example ${name}.json`
        : `CreateOrder payload ${path} (our own example) is accepted`, () => {
        const r = translateOrder(read(path));
        assert(r.ok, `order_translate refuses it: ${JSON.stringify(r.status)}`);
        if (!published) return;
        const d = jsonDiff(parseJson(r.body), parseJson(postOrdersExample(name)), { ordered: false });
        assert(d === null, `differs from MultiSafepay's ${name}.json: ${d}`);
      });
    } else if (rpc === "CreateOrder") {
      check(`CreateOrder payload ${path} is refused with exactly its .violations.json`, () => {
        const r = translateOrder(read(path));
        assert(!r.ok && r.status.code === "INVALID_ARGUMENT", `order_translate: ${JSON.stringify(r)}`);
        const file = path.replace(/\.request\.json$/, ".violations.json");
        assert(existsSync(join(repoRoot, file)), `no ${file}`);
        assert(JSON.stringify(r.status.violations) === JSON.stringify(JSON.parse(read(file))),
          `refused with ${JSON.stringify(r.status.violations)}, ${file} lists ${read(file)}`);
      });
    } else {
      const published = path.startsWith(`${LIFECYCLE}/`) && LIFECYCLE_EXAMPLES[name];
      check(published
        ? `${rpc} payload ${path} becomes MultiSafepay's example ${LIFECYCLE_EXAMPLES[name].example}`
        : `${rpc} payload ${path} (our own example) is accepted`, () => {
        const r = translateLifecycle(rpc, read(path));
        assert(r.ok, `lifecycle_translate refuses it: ${JSON.stringify(r.status)}`);
        if (!published) return;
        const d = jsonDiff(parseJson(r.body), parseJson(lifecycleExample(name)), { ordered: false });
        assert(d === null, `differs from MultiSafepay's ${LIFECYCLE_EXAMPLES[name].example}: ${d}`);
      });
    }
  }

  // --- 3. the doc's claim about MultiSafepay's examples

  check(`every ${POST_ORDERS} example translates to MultiSafepay's JSON digit for digit`, () => {
    const names = readdirSync(join(repoRoot, POST_ORDERS))
      .filter((f) => f.endsWith(".request.json")).map((f) => f.replace(/\.request\.json$/, "")).sort();
    const vendored = readdirSync(join(repoRoot, VENDORED, "post-orders"))
      .filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, "")).sort();
    assert(JSON.stringify(names) === JSON.stringify(vendored),
      `contract requests ${names.length}, MultiSafepay examples ${vendored.length}: not one for one`);
    const bad = [];
    for (const name of names) {
      // Also the three MultiSafepay's rules reject: their translation is
      // checked too (--no_validate), as in //service/create_order:order_golden_test.
      const r = translateOrder(read(`${POST_ORDERS}/${name}.request.json`), { validate: false });
      let d;
      try {
        d = r.ok
          ? jsonDiff(parseJson(r.body), parseJson(postOrdersExample(name)), { ordered: false })
          : JSON.stringify(r.status);
      } catch (e) {
        d = e.message;
      }
      if (d) bad.push(`${name}: ${d}`);
    }
    assert(bad.length === 0, bad.join("\n"));
  });

  check("every lifecycle request translates to MultiSafepay's request example", () => {
    const rpcOf = { shipOrder: "UpdateOrder", cancelOrder: "CancelOrder", partialCapture: "CaptureOrder",
      refund: "RefundOrder", refundBNPL: "RefundOrder" };
    const bad = [];
    for (const name of Object.keys(LIFECYCLE_EXAMPLES)) {
      const r = translateLifecycle(rpcOf[name], read(`${LIFECYCLE}/${name}.request.json`));
      const d = r.ok
        ? jsonDiff(parseJson(r.body), parseJson(lifecycleExample(name)), { ordered: false })
        : JSON.stringify(r.status);
      if (d) bad.push(`${name}: ${d}`);
    }
    assert(bad.length === 0, bad.join("\n"));
  });
}

console.log(`# result ${passed} ${failed}`);
process.exit(failed === 0 ? 0 : 1);
