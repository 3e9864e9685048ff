// A third stack: a plain Python client (grpcio + protobuf, Debian's
// python3-grpcio and python3-protobuf) whose stubs are generated here, at
// test time, from proto/ with Debian's protoc and grpc_python_plugin, as a
// Python service would (docs/other-languages.md). Starts the real emulator
// and server (bazel-bin, BAZEL_BIN), runs tests/python/create_order.py
// against it and checks what reached the emulator.
// Prints one ok / not ok line per check and "# result <passed> <failed>".
//
// PYTHON: the interpreter (default /usr/bin/python3, Debian's, where the apt
// packages are; a python3 earlier on PATH, e.g. pyenv's, may lack them).
// PROTOC, GRPC_PYTHON_PLUGIN: the generators (default protoc on PATH,
// /usr/bin/grpc_python_plugin).
import { Checks, assert, repoRoot, run, startEmulator, startServer } from "../e2e/harness.mjs";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const python = process.env.PYTHON ?? "/usr/bin/python3";
const protoc = process.env.PROTOC ?? "protoc";
const grpcPlugin = process.env.GRPC_PYTHON_PLUGIN ?? "/usr/bin/grpc_python_plugin";
// The google.rpc protos the server's details use (WORKSPACE @googleapis).
const googleapis = "/usr/share/gocode/src/github.com/gogo/googleapis";
const script = join(repoRoot, "tests/python/create_order.py");

const checks = new Checks();
const stubs = mkdtempSync(join(tmpdir(), "msp-python-stubs-"));
let emulator, server;

// The ok / not ok lines of a TAP-ish output: [{ok, name, detail}].
function tapLines(stdout) {
  const lines = stdout.split("\n");
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(ok|not ok) - (.*)$/.exec(lines[i]);
    if (!m) continue;
    const detail = [];
    while (i + 1 < lines.length && lines[i + 1].startsWith("  ")) detail.push(lines[++i]);
    out.push({ ok: m[1] === "ok", name: m[2], detail: detail.join("\n") });
  }
  return out;
}

// No __pycache__ left in the stubs' directory or the repository.
const pythonEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: "1" };
const runScript = (args) => run(python, [script, `--address=${server.address}`, `--stubs=${stubs}`, ...args],
                                { env: pythonEnv });

async function emulatorPosts(orderId) {
  const res = await fetch(`${emulator.url}/__emulator/requests`);
  assert(res.ok, `emulator log: HTTP ${res.status}`);
  return (await res.json()).filter((e) => e.method === "POST" && e.path === "/v1/json/orders" &&
                                          e.body?.order_id === orderId);
}

try {
  await checks.check("python stubs generated with protoc --python_out and grpc_python_plugin", async () => {
    const protos = readdirSync(join(repoRoot, "proto/payments/v1")).filter((f) => f.endsWith(".proto"))
      .map((f) => `payments/v1/${f}`);
    const contract = await run(protoc, [`-I${join(repoRoot, "proto")}`, `-I${googleapis}`, `--python_out=${stubs}`,
                                        `--grpc_out=${stubs}`, `--plugin=protoc-gen-grpc=${grpcPlugin}`, ...protos]);
    assert(contract.code === 0, `protoc (contract): ${contract.stderr}`);
    const rpc = await run(protoc, [`-I${googleapis}`, `--python_out=${stubs}`,
                                   "google/rpc/status.proto", "google/rpc/error_details.proto"]);
    assert(rpc.code === 0, `protoc (google.rpc): ${rpc.stderr}`);
    for (const file of ["payments/v1/payment_service_pb2.py", "payments/v1/payment_service_pb2_grpc.py",
                        "google/rpc/status_pb2.py", "google/rpc/error_details_pb2.py"]) {
      assert(existsSync(join(stubs, file)), `${file} not generated`);
    }
    const imports = await run(python, ["-c", "import grpc, google.protobuf; from payments.v1 import " +
                                       "payment_service_pb2_grpc; from google.rpc import error_details_pb2"],
                              { cwd: stubs, env: pythonEnv });
    assert(imports.code === 0, `${python} cannot import the stubs (apt-get install python3-grpcio ` +
                               `python3-protobuf): ${imports.stderr}`);
  });

  emulator = await startEmulator();
  server = await startServer({ MSP_BASE_URL: emulator.url });

  // The script's own checks, each reported here too.
  const orderId = `py-${process.pid}-${Date.now()}`;
  const result = await runScript([`--order-id=${orderId}`]);
  const lines = tapLines(result.stdout);
  for (const line of lines) {
    await checks.check(`python: ${line.name}`, () => assert(line.ok, line.detail));
  }
  await checks.check("python client: 2 checks, exit 0", () => {
    assert(result.code === 0 && lines.length === 2 && /^# result 2 0$/m.test(result.stdout),
           `exit ${result.code}, ${lines.length} checks:\n${result.stdout}${result.stderr}`);
  });

  await checks.check("the Python order reached the emulator once; the invalid one never", async () => {
    const posts = await emulatorPosts(orderId);
    assert(posts.length === 1, `expected 1 upstream POST for ${orderId}, got ${posts.length}`);
    assert(posts[0].body.amount === 100 && posts[0].body.gateway === "MISTERCASH", JSON.stringify(posts[0].body));
    const invalid = await emulatorPosts(`${orderId}-invalid`);
    assert(invalid.length === 0, `an invalid order was sent upstream: ${JSON.stringify(invalid)}`);
  });

  // The script's assertions can fail: a field the gateway does not report.
  await checks.check("python client fails when the expected field violation is missing", async () => {
    const wrong = await runScript([`--order-id=${orderId}-neg`, "--expect-field=customer.no_such_field"]);
    const failedLine = tapLines(wrong.stdout).find((l) => !l.ok);
    assert(wrong.code === 1, `exit ${wrong.code}:\n${wrong.stdout}${wrong.stderr}`);
    assert(failedLine?.name.startsWith("invalid CreateOrder") &&
           failedLine.detail.includes("customer.no_such_field"), wrong.stdout);
    assert(/^# result 1 1$/m.test(wrong.stdout), wrong.stdout);
  });
} catch (e) {
  await checks.check("python client set-up", () => { throw e; });
} finally {
  await server?.stop();
  await emulator?.stop();
  rmSync(stubs, { recursive: true, force: true });
}

process.exitCode = checks.summary();
