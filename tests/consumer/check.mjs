// msp-gateway as a dependency of another Bazel workspace, exactly as
// docs/client.md "Depending on it from another Bazel workspace" tells a
// calling service to set it up: a throwaway workspace with
// local_repository(name = "msp_gateway") + msp_gateway_dependencies(), the
// documented .bazelrc lines and a cc_test (workspace/payments_test.cc) on
// @msp_gateway//client:payments_client, :payments_client_testing
// (FakePaymentServer) and :payments_client_mock. Runs `bazel test //...`
// there and reads the test's JUnit XML; shuts that workspace's own Bazel
// server down at the end (never msp-gateway's).
// Prints one ok / not ok line per check and "# result <passed> <failed>".
//
// The workspace lives at $TMPDIR/msp-gateway-consumer-<uid> (a fixed path, so
// Bazel reuses its output base instead of leaving one per run); it is removed
// after a green run and kept for a look after a red one.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "../..");
const ws = join(tmpdir(), `msp-gateway-consumer-${process.getuid?.() ?? "user"}`);

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}`);
    for (const line of String(e?.message ?? e).split("\n").slice(-60)) console.log(`#   ${line}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

// The snippets of docs/client.md, with the path of this checkout.
const workspaceFile = `workspace(name = "consumer")

local_repository(
    name = "msp_gateway",
    path = ${JSON.stringify(repoRoot.replace(/\/$/, ""))},
)

load("@msp_gateway//bazel:deps.bzl", "msp_gateway_dependencies")

msp_gateway_dependencies()
`;
const buildFile = `cc_test(
    name = "payments_test",
    size = "small",
    srcs = ["payments_test.cc"],
    deps = [
        "@msp_gateway//client:payments_client",
        "@msp_gateway//client:payments_client_mock",  # gmock stub
        "@msp_gateway//client:payments_client_testing",  # FakePaymentServer
        "@system//:gtest_main",
    ],
)
`;
const bazelrcLines = [
  "build --experimental_repository_disable_download",
  "fetch --experimental_repository_disable_download",
  "query --experimental_repository_disable_download",
  "build --cxxopt=-std=c++17 --host_cxxopt=-std=c++17",
  "build --dynamic_mode=off",
  "build --nosandbox_debug",
  "test --test_output=errors",
];
// The same disk cache as the user's own builds, when ~/.bazelrc has one.
const userRc = join(homedir(), ".bazelrc");
const diskCache = existsSync(userRc)
  ? readFileSync(userRc, "utf8").split("\n").filter((l) => /^build\s+--disk_cache=/.test(l.trim()))
  : [];

function bazel(args) {
  return new Promise((resolve) => {
    const child = spawn("bazel", args, { cwd: ws, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
  });
}

let green = false;
try {
  rmSync(join(ws, "BUILD"), { force: true });
  mkdirSync(ws, { recursive: true });
  writeFileSync(join(ws, "WORKSPACE"), workspaceFile);
  writeFileSync(join(ws, ".bazelrc"), [...bazelrcLines, ...diskCache, ""].join("\n"));
  writeFileSync(join(ws, "BUILD"), buildFile);
  copyFileSync(join(here, "workspace/payments_test.cc"), join(ws, "payments_test.cc"));

  let result;
  await check("bazel test //... in a consumer workspace (local_repository + msp_gateway_dependencies())", async () => {
    result = await bazel(["test", "//..."]);
    assert(result.code === 0, `bazel test exit ${result.code}\n${result.out}`);
  });

  await check("the consumer's cc_test ran both cases (FakePaymentServer, mock stub) and they passed", () => {
    const xmlPath = join(ws, "bazel-testlogs/payments_test/test.xml");
    assert(existsSync(xmlPath), `no ${xmlPath}`);
    const xml = readFileSync(xmlPath, "utf8");
    const suite = xml.match(/<testsuites\b[^>]*>/)?.[0] ?? "";
    const attr = (n) => Number(suite.match(new RegExp(`\\b${n}="(\\d+)"`))?.[1] ?? NaN);
    assert(attr("tests") === 2 && attr("failures") === 0 && attr("errors") === 0, `test.xml: ${suite}`);
    for (const name of ["CreateOrderOverTheFakeServer", "CreateOrderOverTheMockStub"]) {
      assert(new RegExp(`<testcase name="${name}"[^>]*\\bstatus="run"`).test(xml), `${name} did not run`);
    }
    assert(!/<failure\b/.test(xml), `a test case failed: ${xml}`);
  });

  await check("generated protos are built inside the external repository (bazel-out/.../external/msp_gateway)", () => {
    const gen = join(ws, "bazel-bin/external/msp_gateway/proto/payments/v1/payment_service.pb.h");
    const mock = join(ws, "bazel-bin/external/msp_gateway/proto/payments/v1/payment_service_mock.grpc.pb.h");
    assert(existsSync(gen) && existsSync(mock), `missing ${gen} or ${mock}`);
  });
  green = failed === 0;
} finally {
  // The consumer workspace's own server only (cwd = the temp workspace).
  if (existsSync(join(ws, "WORKSPACE"))) spawnSync("bazel", ["shutdown"], { cwd: ws, stdio: "ignore" });
  if (green) rmSync(ws, { recursive: true, force: true });
  else console.log(`# consumer workspace kept for a look: ${ws}`);
}

console.log(`# result ${passed} ${failed}`);
process.exitCode = failed === 0 ? 0 : 1;
