// A second stack: a plain Node.js client (@grpc/grpc-js + @grpc/proto-loader)
// that loads the contract's .proto files, as a Node service would, and decodes
// google.rpc error details from the grpc-status-details-bin trailer.
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";
import protobuf from "protobufjs";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./harness.mjs";

// The google.rpc protos: Debian's copy (installed by tools/setup.sh).
const GOOGLEAPIS = "/usr/share/gocode/src/github.com/gogo/googleapis";

export function paymentServiceClient(address) {
  const definition = protoLoader.loadSync("payments/v1/payment_service.proto", {
    includeDirs: [join(repoRoot, "proto")],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: false,
  });
  const { payments } = grpc.loadPackageDefinition(definition);
  return new payments.v1.PaymentService(address, grpc.credentials.createInsecure());
}

let rpcTypes;
function loadRpcTypes() {
  if (rpcTypes) return rpcTypes;
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    const candidate = join(GOOGLEAPIS, target);
    return existsSync(candidate) ? candidate : target;  // google/protobuf/* are built in.
  };
  root.loadSync(["google/rpc/status.proto", "google/rpc/error_details.proto"], { keepCase: true });
  rpcTypes = {
    Status: root.lookupType("google.rpc.Status"),
    BadRequest: root.lookupType("google.rpc.BadRequest"),
    ErrorInfo: root.lookupType("google.rpc.ErrorInfo"),
  };
  return rpcTypes;
}

// Decodes the rich details of a grpc-js error: {code, message, violations, errorInfo}.
export function decodeError(error) {
  const types = loadRpcTypes();
  const [bin] = error.metadata?.get("grpc-status-details-bin") ?? [];
  const out = { code: error.code, message: error.details, violations: [], errorInfo: null };
  if (!bin) return out;
  const status = types.Status.decode(bin);
  for (const any of status.details) {
    if (any.type_url.endsWith("/google.rpc.BadRequest")) {
      out.violations = decodeBadRequest(any.value);
    } else if (any.type_url.endsWith("/google.rpc.ErrorInfo")) {
      out.errorInfo = types.ErrorInfo.toObject(types.ErrorInfo.decode(any.value));
    }
  }
  return out;
}

// The field violations of a serialized google.rpc.BadRequest.
export function decodeBadRequest(bytes) {
  return loadRpcTypes().BadRequest.decode(bytes).field_violations.map((v) => ({
    field: v.field, description: v.description,
  }));
}

// Promisified unary call with a deadline.
export function createOrder(client, request, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    client.CreateOrder(request, { deadline: new Date(Date.now() + timeoutMs) }, (err, res) =>
      err ? reject(err) : resolve(res));
  });
}
