#!/usr/bin/env node
// Decodes the google.rpc error details of a failed call, which `buf curl`
// prints base64-encoded:
//
//   buf curl --protocol grpc --http2-prior-knowledge -d @bad.json \
//     http://localhost:50051/payments.v1.PaymentService/CreateOrder 2>&1 \
//     | node tools/decode_status.mjs
//
// stdin: buf curl's error JSON ({"code":"invalid_argument","message":...,
// "details":[{"type":"google.rpc.BadRequest","value":"<base64>"}]}; any text
// around it is skipped), or a grpc-status-details-bin value (a serialized
// google.rpc.Status, base64) as curl or a proxy log shows it.
// stdout: the code, the message and every detail decoded (BadRequest,
// ErrorInfo, RetryInfo, and the other google.rpc error details); --json prints
// the same as one JSON object. Unknown detail types are printed as base64.
// Exit code: 0 when a status was read, 2 when stdin held none.
import protobuf from "protobufjs";
import { pathToFileURL } from "node:url";

// google/rpc/status.proto and google/rpc/error_details.proto (googleapis),
// inline so that the tool needs no proto files at run time.
const RPC_PROTOS = `
syntax = "proto3";
package google.protobuf;
message Any { string type_url = 1; bytes value = 2; }
message Duration { int64 seconds = 1; int32 nanos = 2; }
`;
const RPC_ERROR_PROTOS = `
syntax = "proto3";
package google.rpc;
import "google/protobuf/any.proto";
import "google/protobuf/duration.proto";
message Status { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; }
message ErrorInfo { string reason = 1; string domain = 2; map<string, string> metadata = 3; }
message RetryInfo { google.protobuf.Duration retry_delay = 1; }
message DebugInfo { repeated string stack_entries = 1; string detail = 2; }
message QuotaFailure {
  message Violation { string subject = 1; string description = 2; }
  repeated Violation violations = 1;
}
message PreconditionFailure {
  message Violation { string type = 1; string subject = 2; string description = 3; }
  repeated Violation violations = 1;
}
message BadRequest {
  message FieldViolation { string field = 1; string description = 2; }
  repeated FieldViolation field_violations = 1;
}
message RequestInfo { string request_id = 1; string serving_data = 2; }
message ResourceInfo { string resource_type = 1; string resource_name = 2; string owner = 3; string description = 4; }
message Help {
  message Link { string description = 1; string url = 2; }
  repeated Link links = 1;
}
message LocalizedMessage { string locale = 1; string message = 2; }
`;

const root = new protobuf.Root();
protobuf.parse(RPC_PROTOS, root, { keepCase: true });
protobuf.parse(RPC_ERROR_PROTOS, root, { keepCase: true });
const DETAIL_TYPES = ["ErrorInfo", "RetryInfo", "DebugInfo", "QuotaFailure", "PreconditionFailure", "BadRequest",
                      "RequestInfo", "ResourceInfo", "Help", "LocalizedMessage"];

// gRPC's codes, as buf curl (Connect) spells them.
const CODES = ["ok", "canceled", "unknown", "invalid_argument", "deadline_exceeded", "not_found", "already_exists",
               "permission_denied", "resource_exhausted", "failed_precondition", "aborted", "out_of_range",
               "unimplemented", "internal", "unavailable", "data_loss", "unauthenticated"];

const toObject = (type, message) =>
  type.toObject(message, { longs: String, defaults: true, arrays: true, objects: true });

// One detail: {type, ...decoded fields} or {type, value: base64} when unknown.
export function decodeDetail(typeName, bytes) {
  const name = typeName.replace(/^.*\//, "");  // a type URL's last segment
  const short = name.startsWith("google.rpc.") ? name.slice("google.rpc.".length) : null;
  if (!DETAIL_TYPES.includes(short)) return { type: name, value: Buffer.from(bytes).toString("base64") };
  const type = root.lookupType(`google.rpc.${short}`);
  const object = toObject(type, type.decode(bytes));
  const decoded = {};  // in the fields' declared order
  for (const field of type.fieldsArray) decoded[field.name] = object[field.name];
  if (short === "RetryInfo" && decoded.retry_delay) {
    const { seconds, nanos } = decoded.retry_delay;
    decoded.retry_delay = `${Number(seconds) + nanos / 1e9}s`;
  }
  return { type: name, ...decoded };
}

// A serialized google.rpc.Status (grpc-status-details-bin) decoded.
export function decodeStatusBytes(bytes) {
  const Status = root.lookupType("google.rpc.Status");
  const status = Status.decode(bytes);
  return {
    code: CODES[status.code] ?? String(status.code),
    message: status.message,
    details: status.details.map((any) => decodeDetail(any.type_url, any.value)),
  };
}

// buf curl's error object ({code, message, details: [{type, value}]}) decoded.
export function decodeBufCurlError(error) {
  return {
    code: error.code,
    message: error.message ?? "",
    details: (error.details ?? []).map((d) => decodeDetail(d.type, Buffer.from(d.value ?? "", "base64"))),
  };
}

// The first JSON object in text that looks like an error ({code, ...}).
function findErrorJson(text) {
  for (let start = text.indexOf("{"); start >= 0; start = text.indexOf("{", start + 1)) {
    let depth = 0, inString = false, escaped = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === "\\") escaped = true;
        else if (c === '"') inString = false;
      } else if (c === '"') {
        inString = true;
      } else if (c === "{") {
        depth++;
      } else if (c === "}" && --depth === 0) {
        try {
          const value = JSON.parse(text.slice(start, i + 1));
          if (value && typeof value === "object" && "code" in value) return value;
        } catch {
          // not JSON from here: try the next "{"
        }
        break;
      }
    }
  }
  return null;
}

// Whatever stdin holds, decoded; null when it holds no status.
export function decodeInput(text) {
  const error = findErrorJson(text);
  if (error) return decodeBufCurlError(error);
  const base64 = text.trim().replace(/^grpc-status-details-bin:\s*/i, "");
  if (/^[A-Za-z0-9+/_-]+=*$/.test(base64)) {
    try {
      return decodeStatusBytes(Buffer.from(base64, base64.includes("-") || base64.includes("_") ? "base64url" : "base64"));
    } catch {
      return null;
    }
  }
  return null;
}

// The decoded status as indented text, one value per line.
export function formatStatus(status) {
  const lines = [`code: ${status.code}`, `message: ${status.message}`];
  const value = (v, indent) => {
    if (Array.isArray(v)) {
      for (const item of v) {
        if (item && typeof item === "object") {
          const [first, ...rest] = Object.entries(item);
          lines.push(`${indent}- ${first[0]}: ${first[1]}`);
          for (const [k, x] of rest) lines.push(`${indent}  ${k}: ${x}`);
        } else {
          lines.push(`${indent}- ${item}`);
        }
      }
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) lines.push(`${indent}${k}: ${x}`);
    }
  };
  for (const detail of status.details) {
    lines.push(detail.type);
    for (const [k, v] of Object.entries(detail)) {
      if (k === "type") continue;
      if (v && typeof v === "object") {
        lines.push(`  ${k}:`);
        value(v, "    ");
      } else {
        lines.push(`  ${k}: ${v}`);
      }
    }
  }
  return lines.join("\n");
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes("-h") || args.includes("--help")) {
    console.log("usage: buf curl ... 2>&1 | node tools/decode_status.mjs [--json]\n" +
                "Decodes buf curl's error JSON (or a base64 grpc-status-details-bin) from stdin.");
    return 0;
  }
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const status = decodeInput(Buffer.concat(chunks).toString("utf8"));
  if (!status) {
    console.error("decode_status: no gRPC error on stdin (buf curl's error JSON or a base64 google.rpc.Status)");
    return 2;
  }
  console.log(args.includes("--json") ? JSON.stringify(status, null, 2) : formatStatus(status));
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
