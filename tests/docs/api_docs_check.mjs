// Copyright 2026 The msp-gateway Authors.
//
// Checks docs/api.md against the gateway:
//
//   1. the doc is current: tools/gen_api_docs.mjs, run into a temporary file,
//      writes exactly docs/api.md (so a change of the translators, the
//      gateway table, the examples or the generator shows up as a stale doc);
//   2. every payload in the doc is the file it names and is accepted again
//      by the real tools: a CreateOrder payload by order_translate (exit 0),
//      and the MultiSafepay body shown after it is the tool's output, member
//      order and digits included; the rejected payload exits 2 with exactly
//      the violations shown (and its .violations.json); a lifecycle payload
//      by lifecycle_translate, with the method, path and body shown;
//   3. where MultiSafepay publishes the example (tests/testdata/post-orders,
//      service/lifecycle/testdata), the body shown equals MultiSafepay's own
//      JSON digit for digit (member order aside), and all 43 POST /orders
//      examples translate that way, as the doc claims.
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
const LIFECYCLE = "service/lifecycle/testdata";

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
      "RefundOrder", "ListGateways", "GetGateway"]) {
      assert(payloads.some((p) => p.args[0] === rpc), `no ${rpc} payload`);
    }
    for (const p of payloads) {
      const next = blocks[blocks.indexOf(p) + 1];
      const want = p.args[1] === "invalid" ? "answers" : "sends";
      assert(next?.kind === want, `${DOC}:${p.line}: payload not followed by a "${want}" block`);
    }
  });

  for (const p of payloads) {
    const [rpc, ...rest] = p.args;
    const invalid = rest[0] === "invalid";
    const path = invalid ? rest[1] : rest[0];
    const result = blocks[blocks.indexOf(p) + 1];
    if (rpc === "CreateOrder" && !invalid) {
      check(`CreateOrder payload ${path} is accepted and becomes the body shown`, () => {
        sameJson(p.text, read(path), `the payload differs from ${path}`);
        const r = translateOrder(p.text);
        assert(r.ok, `order_translate refuses it: ${JSON.stringify(r.status)}`);
        sameJson(result.text, printJson(canonicalBody(r.body)), "the body shown is not order_translate's");
        const example = path.startsWith(`${POST_ORDERS}/`) && path.replace(/\.request\.json$/, ".msp.json");
        if (example && existsSync(join(repoRoot, example))) {
          sameJson(result.text, read(example), `the body differs from ${example}`, { ordered: false });
        }
      });
    } else if (rpc === "CreateOrder") {
      check(`CreateOrder payload ${path} is refused with the violations shown`, () => {
        sameJson(p.text, read(path), `the payload differs from ${path}`);
        const r = translateOrder(p.text);
        assert(!r.ok && r.status.code === "INVALID_ARGUMENT", `order_translate: ${JSON.stringify(r)}`);
        const shown = JSON.parse(result.text).fieldViolations;
        assert(JSON.stringify(shown) === JSON.stringify(r.status.violations),
          `shown ${JSON.stringify(shown)}, refused with ${JSON.stringify(r.status.violations)}`);
        const file = path.replace(/\.request\.json$/, ".violations.json");
        if (existsSync(join(repoRoot, file))) {
          assert(JSON.stringify(shown) === JSON.stringify(JSON.parse(read(file))), `differs from ${file}`);
        }
      });
    } else {
      check(`${rpc} payload ${path} is accepted and becomes the call shown`, () => {
        sameJson(p.text, read(path), `the payload differs from ${path}`);
        const r = translateLifecycle(rpc, p.text);
        assert(r.ok, `lifecycle_translate refuses it: ${JSON.stringify(r.status)}`);
        const [line, ...more] = result.text.split("\n");
        assert(line === `${r.method} /v1/json${r.path}`, `shown "${line}", sent "${r.method} ${r.path}"`);
        const blank = more.indexOf("");
        const body = blank >= 0 ? more.slice(blank + 1).join("\n") : "";
        assert(Boolean(body) === Boolean(r.body), `body shown: ${Boolean(body)}, sent: ${Boolean(r.body)}`);
        if (!body) return;
        sameJson(body, r.body, "the body shown is not lifecycle_translate's");
        const example = path.startsWith(`${LIFECYCLE}/`) && path.replace(/\.request\.json$/, ".msp.json");
        if (example && existsSync(join(repoRoot, example))) {
          sameJson(body, read(example), `the body differs from ${example}`, { ordered: false });
        }
      });
    }
  }

  // --- 3. the doc's claim about MultiSafepay's examples

  check(`every ${POST_ORDERS} example translates to MultiSafepay's JSON digit for digit`, () => {
    const names = readdirSync(join(repoRoot, POST_ORDERS))
      .filter((f) => f.endsWith(".request.json")).map((f) => f.replace(/\.request\.json$/, "")).sort();
    assert(names.length > 0, "no examples");
    const bad = [];
    for (const name of names) {
      // Also the three MultiSafepay's rules reject: their translation is
      // checked too (--no_validate), as in //service/order:order_golden_test.
      const r = translateOrder(read(`${POST_ORDERS}/${name}.request.json`), { validate: false });
      const d = r.ok
        ? jsonDiff(parseJson(r.body), parseJson(read(`${POST_ORDERS}/${name}.msp.json`)), { ordered: false })
        : JSON.stringify(r.status);
      if (d) bad.push(`${name}: ${d}`);
    }
    assert(bad.length === 0, bad.join("\n"));
  });
}

console.log(`# result ${passed} ${failed}`);
process.exit(failed === 0 ? 0 : 1);
