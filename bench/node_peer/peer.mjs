// The Node peer of the side-by-side benchmark (bench/side_by_side.sh): the
// gateway's CreateOrder job written the way a Node team would, with
// @grpc/grpc-js and @grpc/proto-loader loading the same .proto files. It
// checks the request lightly, translates it to MultiSafepay's order JSON,
// POSTs it to MSP_BASE_URL over a keep-alive http.Agent and answers
// CreateOrderResponse with MultiSafepay's payment_url. One event loop: calls
// waiting for MultiSafepay cost no thread.
//
//   MSP_BASE_URL=http://127.0.0.1:18080 node bench/node_peer/peer.mjs \
//       --port=0 --port_file=/tmp/port
//
// What translateOrder() covers (enough for redirect orders such as the seed
// Bancontact order, tests/testdata/seed-bancontact.*.json, whose translation
// it reproduces exactly): type, gateway, order_id, currency, amount,
// description, var1-3, days_active, seconds_active, payment_options
// (notification_url, notification_method, redirect_url, cancel_url,
// close_window) and the customer's scalar fields. Carts, delivery,
// gateway_info and the rest of the contract are left out, as is the
// gateway's full validation, its idempotency cache and its retries:
// the peer does less than the gateway, which favours the peer.
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";
import http from "node:http";
import { renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const CUSTOMER_FIELDS = [
  "locale", "ip_address", "forwarded_ip", "first_name", "last_name", "address1", "address2",
  "house_number", "zip_code", "city", "state", "country", "phone", "email", "referrer",
  "user_agent", "reference", "gender", "birthday", "company_name",
];
const PAYMENT_OPTION_FIELDS = ["notification_url", "redirect_url", "cancel_url", "close_window"];
const ORDER_FIELDS = ["var1", "var2", "var3", "days_active", "seconds_active"];

function copyPresent(from, to, names) {
  for (const name of names) {
    if (from[name] !== undefined && from[name] !== null) to[name] = from[name];
  }
}

// An enum value's name without its prefix: ORDER_TYPE_REDIRECT -> "redirect".
function enumSuffix(value, prefix) {
  return typeof value === "string" && value.startsWith(prefix) ? value.slice(prefix.length) : "";
}

// A CreateOrderRequest as proto-loader decodes it (keepCase, enums and longs
// as strings) to MultiSafepay's JSON; throws a gRPC INVALID_ARGUMENT error
// for what MultiSafepay would refuse anyway.
export function translateOrder(request) {
  const invalid = (message) => Object.assign(new Error(message), { code: grpc.status.INVALID_ARGUMENT });
  const type = enumSuffix(request.type, "ORDER_TYPE_").toLowerCase();
  const gateway = enumSuffix(request.gateway, "GATEWAY_");
  const amount = Number(request.amount);
  if (!type || type === "unspecified") throw invalid("type: required");
  if (!request.order_id) throw invalid("order_id: required");
  if (!/^[A-Z]{3}$/.test(request.currency ?? "")) throw invalid("currency: ISO 4217 code required");
  if (!Number.isSafeInteger(amount) || amount <= 0) throw invalid("amount: positive integer required");
  if (!request.description) throw invalid("description: required");

  const body = { type };
  if (gateway && gateway !== "UNSPECIFIED") body.gateway = gateway;
  body.order_id = request.order_id;
  body.currency = request.currency;
  body.amount = amount;
  body.description = request.description;
  copyPresent(request, body, ORDER_FIELDS);
  if (request.payment_options) {
    const options = {};
    const po = request.payment_options;
    copyPresent(po, options, ["notification_url"]);
    const method = enumSuffix(po.notification_method, "NOTIFICATION_METHOD_");
    if (method && method !== "UNSPECIFIED") options.notification_method = method;
    copyPresent(po, options, PAYMENT_OPTION_FIELDS.slice(1));
    body.payment_options = options;
  }
  if (request.customer) {
    body.customer = {};
    copyPresent(request.customer, body.customer, CUSTOMER_FIELDS);
  }
  return body;
}

function loadService() {
  const definition = protoLoader.loadSync("payments/v1/payment_service.proto", {
    includeDirs: [join(repoRoot, "proto")],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(definition).payments.v1.PaymentService.service;
}

function grpcError(code, message) {
  return Object.assign(new Error(message), { code, details: message });
}

function startPeer({ host, port, portFile, baseUrl, apiKey }) {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true });
  const path = `${base.pathname.replace(/\/$/, "")}/v1/json/orders`;

  function createOrder(call, callback) {
    let body;
    try {
      body = JSON.stringify(translateOrder(call.request));
    } catch (error) {
      callback(error.code ? error : grpcError(grpc.status.INTERNAL, String(error)));
      return;
    }
    const deadline = call.getDeadline();
    const timeout = deadline instanceof Date ? Math.max(1, deadline.getTime() - Date.now())
                    : Number.isFinite(deadline) ? Math.max(1, deadline - Date.now()) : 30000;
    let answered = false;
    const answer = (error, response) => {
      if (answered) return;
      answered = true;
      callback(error, response);
    };
    const upstream = http.request({
      agent, host: base.hostname, port: base.port, path, method: "POST", timeout,
      headers: {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
        ...(apiKey ? { api_key: apiKey } : {}),
      },
    }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => {
        let reply;
        try {
          reply = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          answer(grpcError(grpc.status.UNAVAILABLE, `MultiSafepay HTTP ${res.statusCode}: not JSON`));
          return;
        }
        const data = reply?.data;
        if (res.statusCode !== 200 || reply?.success !== true || typeof data?.payment_url !== "string") {
          answer(grpcError(res.statusCode >= 500 ? grpc.status.UNAVAILABLE : grpc.status.FAILED_PRECONDITION,
                           `MultiSafepay: ${reply?.error_code ?? res.statusCode} ${reply?.error_info ?? ""}`));
          return;
        }
        answer(null, {
          order_id: String(data.order_id ?? call.request.order_id),
          payment_url: data.payment_url,
          ...(data.session_id ? { session_id: String(data.session_id) } : {}),
        });
      });
      res.on("error", (error) => answer(grpcError(grpc.status.UNAVAILABLE, String(error))));
    });
    upstream.on("timeout", () => {
      upstream.destroy();
      answer(grpcError(grpc.status.DEADLINE_EXCEEDED, "MultiSafepay did not answer in time"));
    });
    upstream.on("error", (error) => answer(grpcError(grpc.status.UNAVAILABLE, String(error))));
    // A caller that gives up frees its upstream request too.
    call.on("cancelled", () => {
      upstream.destroy();
      answer(grpcError(grpc.status.CANCELLED, "cancelled"));
    });
    upstream.end(body);
  }

  const server = new grpc.Server();
  // The other methods answer UNIMPLEMENTED.
  server.addService(loadService(), { CreateOrder: createOrder });
  server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => {
    if (error) {
      console.error(`node peer: cannot listen: ${error.message}`);
      process.exit(1);
    }
    if (portFile) {
      writeFileSync(`${portFile}.tmp`, `${bound}\n`);
      renameSync(`${portFile}.tmp`, portFile);
    }
    console.error(`node peer listening on ${host}:${bound} -> ${baseUrl}`);
  });
  const stop = () => {
    server.forceShutdown();
    agent.destroy();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

function flag(name, fallback) {
  const prefix = `--${name}=`;
  const arg = process.argv.slice(2).find((a) => a.startsWith(prefix));
  return arg ? arg.slice(prefix.length) : fallback;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const baseUrl = process.env.MSP_BASE_URL;
  if (!baseUrl) {
    console.error("node peer: set MSP_BASE_URL (e.g. http://127.0.0.1:18080)");
    process.exit(2);
  }
  startPeer({
    host: flag("host", "127.0.0.1"),
    port: Number(flag("port", "0")),
    portFile: flag("port_file", ""),
    baseUrl,
    apiKey: process.env.MSP_API_KEY ?? "",
  });
}
