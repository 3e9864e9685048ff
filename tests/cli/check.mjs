// Errors readable from the command line: real failed calls through `buf curl`
// (reflection only, as in the README) against the real server and emulator,
// their output piped into tools/decode_status.mjs, the decoded details
// checked. Also a grpc-status-details-bin trailer taken from a grpc-js call,
// which must decode to the same details.
// Prints one ok / not ok line per check and "# result <passed> <failed>".
import { Checks, assert, bufCurl, jsonDiff, readJson, repoRoot, startEmulator, startServer } from "../e2e/harness.mjs";
import { createOrder, paymentServiceClient } from "../e2e/node_client.mjs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const decoder = join(repoRoot, "tools/decode_status.mjs");
const checks = new Checks();
let emulator, server, client;

// Runs the decoder with `input` on stdin: {code, stdout, stderr}.
function decode(input, args = []) {
  const r = spawnSync(process.execPath, [decoder, ...args], { input, encoding: "utf8", timeout: 30000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let serial = 0;
const newOrderId = (prefix) => `${prefix}-${process.pid}-${Date.now()}-${++serial}`;
const bancontact = (orderId) => ({ ...readJson("tests/testdata/bancontact-redirect.request.json"), order_id: orderId });
// Invalid twice: an e-mail address that is none and a negative amount.
const invalidOrder = (orderId) => {
  const order = bancontact(orderId);
  return { ...order, amount: -5, customer: { ...order.customer, email: "not-an-email" } };
};
const detailOf = (status, type) => status.details.find((d) => d.type === type);

try {
  emulator = await startEmulator();
  server = await startServer({ MSP_BASE_URL: emulator.url });
  const createOrderPath = "/payments.v1.PaymentService/CreateOrder";

  // buf curl's output of the invalid CreateOrder, as a shell pipe gets it (2>&1).
  const refused = await bufCurl(server.address, ["-d", JSON.stringify(invalidOrder(newOrderId("cli"))),
                                                 createOrderPath]);
  const bufOutput = refused.stdout + refused.stderr;
  let decoded;

  await checks.check("buf curl: an invalid CreateOrder fails with base64 details", () => {
    assert(refused.code !== 0, `expected a failure:\n${bufOutput}`);
    assert(bufOutput.includes('"invalid_argument"') && bufOutput.includes('"google.rpc.BadRequest"'), bufOutput);
  });

  await checks.check("decode_status --json: BadRequest names customer.email and amount", () => {
    const r = decode(bufOutput, ["--json"]);
    assert(r.code === 0, `exit ${r.code}: ${r.stderr}`);
    decoded = JSON.parse(r.stdout);
    assert(decoded.code === "invalid_argument", r.stdout);
    const bad = detailOf(decoded, "google.rpc.BadRequest");
    assert(bad, `no BadRequest in ${r.stdout}`);
    const fields = bad.field_violations.map((v) => v.field);
    for (const field of ["customer.email", "amount"]) {
      assert(fields.includes(field), `no violation for ${field} in ${JSON.stringify(fields)}`);
    }
    assert(bad.field_violations.every((v) => v.description.length > 0), r.stdout);
  });

  await checks.check("decode_status --json: ErrorInfo INVALID_FIELDS, domain msp-gateway, field_count", () => {
    const info = detailOf(decoded, "google.rpc.ErrorInfo");
    assert(info, `no ErrorInfo in ${JSON.stringify(decoded)}`);
    assert(info.reason === "INVALID_FIELDS" && info.domain === "msp-gateway", JSON.stringify(info));
    const violations = detailOf(decoded, "google.rpc.BadRequest").field_violations.length;
    assert(info.metadata.field_count === String(violations), JSON.stringify(info));
    assert(info.metadata.request_sent === "false", JSON.stringify(info));
  });

  await checks.check("decode_status (text): one line per violation and the reason", () => {
    const r = decode(bufOutput);
    assert(r.code === 0, `exit ${r.code}: ${r.stderr}`);
    for (const line of ["code: invalid_argument", "google.rpc.BadRequest", "    - field: customer.email",
                        "    - field: amount", "google.rpc.ErrorInfo", "  reason: INVALID_FIELDS",
                        "  domain: msp-gateway"]) {
      assert(r.stdout.split("\n").includes(line), `no line ${JSON.stringify(line)} in:\n${r.stdout}`);
    }
  });

  await checks.check("decode_status: the grpc-status-details-bin of a grpc-js call decodes the same", async () => {
    client = paymentServiceClient(server.address);
    let error;
    try {
      await createOrder(client, invalidOrder(newOrderId("cli-bin")));
    } catch (e) {
      error = e;
    }
    assert(error, "an invalid CreateOrder succeeded");
    const [bin] = error.metadata.get("grpc-status-details-bin");
    assert(bin, "no grpc-status-details-bin trailer");
    const r = decode(`grpc-status-details-bin: ${Buffer.from(bin).toString("base64")}\n`, ["--json"]);
    assert(r.code === 0, `exit ${r.code}: ${r.stderr}`);
    const fromTrailer = JSON.parse(r.stdout);
    // The same request and server: the same details (and code) as through buf curl.
    // (The order of the details is not part of the contract: compared by type.)
    const byType = (details) => [...details].sort((a, b) => a.type.localeCompare(b.type));
    const diff = jsonDiff(byType(fromTrailer.details), byType(decoded.details)) ??
                 (fromTrailer.code === decoded.code ? null : `code ${fromTrailer.code}`);
    assert(!diff, diff);
  });

  await checks.check("buf curl + decode_status: a MultiSafepay error's ErrorInfo (MSP_1001)", async () => {
    const fault = { method: "POST", path: "/v1/json/orders", kind: "error", http_status: 422, error_code: 1001,
                    times: 1 };
    const armed = await fetch(`${emulator.url}/__emulator/faults`, { method: "POST", body: JSON.stringify(fault) });
    assert(armed.ok, `fault injection: HTTP ${armed.status}`);
    const r = await bufCurl(server.address, ["-d", JSON.stringify(bancontact(newOrderId("cli-msp"))),
                                             createOrderPath]);
    assert(r.code !== 0, `expected a failure:\n${r.stdout}`);
    const out = decode(r.stdout + r.stderr, ["--json"]);
    assert(out.code === 0, `exit ${out.code}: ${out.stderr}`);
    const status = JSON.parse(out.stdout);
    const info = detailOf(status, "google.rpc.ErrorInfo");
    assert(status.code === "invalid_argument" && info?.reason === "MSP_1001" && info.domain === "multisafepay.com",
           out.stdout);
    assert(info.metadata.error_code === "1001", out.stdout);
  });

  await checks.check("decode_status: exit 2 on a successful call's output and on noise", async () => {
    const ok = await bufCurl(server.address, ["-d", JSON.stringify(bancontact(newOrderId("cli-ok"))),
                                              createOrderPath]);
    assert(ok.code === 0, `${ok.stdout}${ok.stderr}`);
    for (const input of [ok.stdout, "", "not a status\n"]) {
      const r = decode(input);
      assert(r.code === 2 && r.stdout === "", `input ${JSON.stringify(input)}: exit ${r.code}, ${r.stdout}`);
    }
  });
  // Last: the fault stays armed for whatever GETs remain of its count.
  await checks.check("buf curl + decode_status: UNAVAILABLE with RetryInfo 1s and ErrorInfo MSP_9999", async () => {
    const fault = { method: "GET", path: "/v1/json/orders/*", kind: "error", http_status: 503, times: 10 };
    const armed = await fetch(`${emulator.url}/__emulator/faults`, { method: "POST", body: JSON.stringify(fault) });
    assert(armed.ok, `fault injection: HTTP ${armed.status}`);
    const r = await bufCurl(server.address, ["-d", JSON.stringify({ order_id: newOrderId("cli-get") }),
                                             "/payments.v1.PaymentService/GetOrder"]);
    assert(r.code !== 0, `expected a failure:\n${r.stdout}`);
    const out = decode(r.stdout + r.stderr);
    assert(out.code === 0, `exit ${out.code}: ${out.stderr}`);
    for (const line of ["code: unavailable", "google.rpc.RetryInfo", "  retry_delay: 1s", "  reason: MSP_9999",
                        "  domain: multisafepay.com", "    http_status: 503"]) {
      assert(out.stdout.split("\n").includes(line), `no line ${JSON.stringify(line)} in:\n${out.stdout}`);
    }
  });

  // grpcurl decodes the details itself when reflection resolves their types.
  await checks.check("reflection serves google.rpc.BadRequest, ErrorInfo, RetryInfo (grpcurl decodes them)",
                     async () => {
    for (const protocol of ["grpc.reflection.v1", "grpc.reflection.v1alpha"]) {
      for (const symbol of ["google.rpc.BadRequest", "google.rpc.ErrorInfo", "google.rpc.RetryInfo",
                            "google.rpc.Status"]) {
        const r = await bufCurl(server.address, ["-d", JSON.stringify({ file_containing_symbol: symbol }),
                                                 `/${protocol}.ServerReflection/ServerReflectionInfo`]);
        assert(r.code === 0, `${protocol} ${symbol}: ${r.stdout}${r.stderr}`);
        const answer = JSON.parse(r.stdout);
        const files = answer.fileDescriptorResponse?.fileDescriptorProto ?? [];
        const wanted = symbol === "google.rpc.Status" ? "google/rpc/status.proto" : "google/rpc/error_details.proto";
        // A FileDescriptorProto starts with its name (field 1).
        assert(files.some((f) => Buffer.from(f, "base64").subarray(2, 2 + wanted.length).toString() === wanted),
               `${protocol} ${symbol}: ${r.stdout.slice(0, 500)}`);
      }
    }
  });
} catch (e) {
  await checks.check("CLI errors set-up", () => { throw e; });
} finally {
  client?.close();
  await server?.stop();
  await emulator?.stop();
}

process.exitCode = checks.summary();
