// Contract safety for payments.v1 (buf.yaml, buf.gen.yaml, proto/released/):
// - `buf breaking` against the released image passes on the current tree;
// - the same command reports a copy of proto/ with a field renumbered, or
//   removed, as breaking (and passes a copy with a field added), so the check
//   above cannot pass by checking nothing;
// - buf.gen.yaml generates Go, Java and Python stubs from local plugins.
// Prints one ok / not ok line per check and "# result <passed> <failed>".
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../..");
const buf = join(repoRoot, "node_modules/.bin/buf");
const released = join(repoRoot, "proto/released/payments-v1.binpb");
const service = "payments/v1/payment_service.proto";

let passed = 0;
let failed = 0;
const temps = [];
const tempDir = (tag) => {
  const dir = mkdtempSync(join(tmpdir(), `msp-contract-${tag}-`));
  temps.push(dir);
  return dir;
};

async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}`);
    for (const line of String(e?.stack ?? e).split("\n")) console.log(`#   ${line}`);
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

function run(args, cwd) {
  const r = spawnSync(buf, args, { cwd, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}`, error: r.error };
}

// `buf breaking` in `dir` (a repository root with buf.yaml) against the
// released image.
const breaking = (dir) => run(["breaking", "proto", "--against", released], dir);

// A copy of the module (buf.yaml + proto/*.proto) with `edit` applied to
// payment_service.proto's text.
function mutatedCopy(tag, edit) {
  const dir = tempDir(tag);
  cpSync(join(repoRoot, "buf.yaml"), join(dir, "buf.yaml"));
  cpSync(join(repoRoot, "proto/payments"), join(dir, "proto/payments"), { recursive: true });
  const file = join(dir, "proto", service);
  const before = readFileSync(file, "utf8");
  const after = edit(before);
  assert(after !== before, `${tag}: the edit changed nothing in ${service}`);
  writeFileSync(file, after);
  return dir;
}

// CreateOrderRequest's `string order_id = <n>;` line.
const orderIdField = /^(\s*string order_id = )(\d+)(;.*)$/m;
const createOrderRequest = (text) => {
  const start = text.indexOf("message CreateOrderRequest {");
  assert(start >= 0, "message CreateOrderRequest not found");
  return start;
};
const editInCreateOrderRequest = (text, fn) => {
  const start = createOrderRequest(text);
  const end = text.indexOf("\n}\n", start);
  return text.slice(0, start) + fn(text.slice(start, end)) + text.slice(end);
};

const files = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)))
    : [];

try {
  await check("released image proto/released/payments-v1.binpb is present", () => {
    assert(existsSync(released), `${released} missing: run proto/released/refresh.sh`);
  });

  await check("buf breaking: the current tree keeps the released contract", () => {
    const r = breaking(repoRoot);
    assert(r.code === 0, `exit ${r.code}: ${r.out}`);
  });

  await check("buf breaking self-test: a renumbered field is reported", () => {
    const dir = mutatedCopy("renumber", (t) =>
      editInCreateOrderRequest(t, (m) => m.replace(orderIdField, (_, a, n, b) => `${a}${Number(n) + 900}${b}`)));
    const r = breaking(dir);
    assert(r.code === 100, `want exit 100 (breaking), got ${r.code}: ${r.out}`);
    assert(/CreateOrderRequest/.test(r.out) && /order_id/.test(r.out), `report does not name the field: ${r.out}`);
  });

  await check("buf breaking self-test: a removed field is reported", () => {
    const dir = mutatedCopy("remove", (t) => editInCreateOrderRequest(t, (m) => m.replace(orderIdField, "")));
    const r = breaking(dir);
    assert(r.code === 100, `want exit 100 (breaking), got ${r.code}: ${r.out}`);
    assert(/deleted/i.test(r.out) && /CreateOrderRequest/.test(r.out), `report does not name the deletion: ${r.out}`);
  });

  await check("buf breaking self-test: an added field is not breaking", () => {
    const dir = mutatedCopy("add", (t) =>
      editInCreateOrderRequest(t, (m) => m.replace(orderIdField, (line) => `${line}\n  string contract_check_added = 9999;`)));
    const r = breaking(dir);
    assert(r.code === 0, `want exit 0, got ${r.code}: ${r.out}`);
  });

  await check("buf generate (buf.gen.yaml): Go, Java and Python stubs from local plugins", () => {
    const out = tempDir("gen");
    const r = run(["generate", "--template", "buf.gen.yaml", "-o", out], repoRoot);
    assert(r.code === 0, `exit ${r.code}: ${r.out}`);
    const want = [
      "go/payments/v1/payment_service.pb.go",
      "go/payments/v1/payment_service_grpc.pb.go",
      "java/com/mspgateway/payments/v1/CreateOrderRequest.java",
      "java/com/mspgateway/payments/v1/PaymentServiceGrpc.java",
      "python/payments/v1/payment_service_pb2.py",
      "python/payments/v1/payment_service_pb2.pyi",
      "python/payments/v1/payment_service_pb2_grpc.py",
    ];
    const got = new Set(files(out));
    const missing = want.filter((f) => !got.has(f));
    assert(missing.length === 0, `missing ${missing.join(", ")}; got ${[...got].slice(0, 20).join(", ")}`);
    const go = readFileSync(join(out, "go/payments/v1/payment_service_grpc.pb.go"), "utf8");
    assert(/^package paymentsv1$/m.test(go) && /PaymentServiceClient interface/.test(go), "Go stub has no client");
    const java = readFileSync(join(out, "java/com/mspgateway/payments/v1/PaymentServiceGrpc.java"), "utf8");
    assert(/package com\.mspgateway\.payments\.v1;/.test(java), "Java stub not in com.mspgateway.payments.v1");
    const py = readFileSync(join(out, "python/payments/v1/payment_service_pb2_grpc.py"), "utf8");
    assert(/class PaymentServiceStub/.test(py), "Python stub has no PaymentServiceStub");
    const compiled = spawnSync("python3", ["-m", "py_compile", ...[...got].filter((f) => f.endsWith(".py")).map((f) => join(out, f))],
                               { encoding: "utf8" });
    assert(compiled.status === 0, `python3 -m py_compile: ${compiled.stderr}`);
  });
} finally {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
}

console.log(`# result ${passed} ${failed}`);
process.exitCode = failed === 0 ? 0 : 1;
