// Offline checks of how the gateway's gRPC port authenticates callers
// (docs/operations.md, "Caller authentication"): the transport flags
// (--plaintext or TLS, --client_auth, a client CA, --authz_policy_file, as
// service/callers/server_tls.h combines them), the files those flags name
// (whole read-only Secret / ConfigMap volumes, so a rotation reaches the
// pod), the cert-manager Certificate behind the server certificate, and the
// authorization policy itself (the JSON of gRPC's authorization policy, as
// service/callers/authz_policy.h reads it, naming only RPCs of
// proto/payments/v1). Used by validate.mjs; every function returns problems
// (strings), empty when all is well, so self-tests can feed broken input.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { GATEWAY, durationSeconds, gatewayContainer, grpcTransport, mountOf, podLabelsOf, selects } from "./lib.mjs";

const repoRoot = resolve(new URL("../..", import.meta.url).pathname);
export const PROTO_DIR = join(repoRoot, "proto/payments/v1");

// ------------------------------------------------------ the server's RPCs

// "/package.Service/Method" for every rpc of every service in a .proto text.
export function protoMethods(text) {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  const pkg = /^\s*package\s+([A-Za-z0-9_.]+)\s*;/m.exec(code)?.[1];
  const methods = [];
  const serviceRe = /\bservice\s+([A-Za-z0-9_]+)\s*\{/g;
  let m;
  while ((m = serviceRe.exec(code)) !== null) {
    // The service's body: up to its matching brace (rpc options have braces).
    let depth = 1, i = serviceRe.lastIndex;
    for (; i < code.length && depth > 0; i++) depth += code[i] === "{" ? 1 : code[i] === "}" ? -1 : 0;
    const body = code.slice(serviceRe.lastIndex, i);
    for (const [, rpc] of body.matchAll(/\brpc\s+([A-Za-z0-9_]+)\s*\(/g)) {
      methods.push(`/${pkg ? `${pkg}.` : ""}${m[1]}/${rpc}`);
    }
  }
  return methods;
}

// Every method of the services in proto/payments/v1: the ones the
// authorization policy governs (CallerGate, service/callers/caller_gate.h,
// guards the payments services; health and reflection are not subject to it).
export function grpcMethods(dir = PROTO_DIR) {
  return readdirSync(dir).filter((f) => f.endsWith(".proto")).sort()
    .flatMap((f) => protoMethods(readFileSync(join(dir, f), "utf8")));
}

// ------------------------------------------------- the authorization policy

// A pattern of the policy: exact, "abc*" (prefix), "*abc" (suffix), "*" (any
// non-empty value). Returns a predicate, or null for a pattern with a "*"
// elsewhere (the server reads it as a literal that nothing matches).
export function policyPattern(text) {
  const s = String(text);
  if (s === "*") return (v) => v.length > 0;
  const inner = s.slice(1, -1);
  if (inner.includes("*") || (s.startsWith("*") && s.endsWith("*") && s.length > 1)) return null;
  if (s.endsWith("*")) return (v) => v.startsWith(s.slice(0, -1));
  if (s.startsWith("*")) return (v) => v.endsWith(s.slice(1));
  return (v) => v === s;
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const unknownKeys = (obj, known, where) =>
  Object.keys(obj).filter((k) => !known.includes(k)).map((k) => `${where}: unknown field "${k}" (the server refuses the policy)`);
const nonEmptyStrings = (v) => Array.isArray(v) && v.every((x) => typeof x === "string" && x.length > 0);
// Header keys gRPC reserves (the server refuses a rule on them).
const RESERVED_HEADER = /^(:.*|host|grpc-.*)$/i;
export const MAX_POLICY_BYTES = 1 << 20;  // AuthzPolicy::kMaxPolicyBytes

// Parses a policy file's text as the server does and checks that every path
// names an RPC in `methods`. Returns { policy, problems }.
export function authzPolicyProblems(text, methods) {
  const problems = [];
  if (Buffer.byteLength(String(text)) > MAX_POLICY_BYTES) return { policy: null, problems: [`larger than ${MAX_POLICY_BYTES} bytes`] };
  let policy;
  try {
    policy = JSON.parse(text);
  } catch (e) {
    return { policy: null, problems: [`not JSON: ${e.message}`] };
  }
  if (!isObject(policy)) return { policy: null, problems: ["not a JSON object"] };
  problems.push(...unknownKeys(policy, ["name", "deny_rules", "allow_rules"], "(policy)"));
  if (typeof policy.name !== "string" || !policy.name) problems.push("(policy): no name");
  if (!Array.isArray(policy.allow_rules) || policy.allow_rules.length === 0) problems.push("(policy): no allow_rules (every call would be denied)");
  if (policy.deny_rules !== undefined && !Array.isArray(policy.deny_rules)) problems.push("(policy): deny_rules is not a list");
  const names = new Set();
  for (const list of ["deny_rules", "allow_rules"]) {
    if (!Array.isArray(policy[list])) continue;
    for (const [i, rule] of policy[list].entries()) {
      const where = `${list}[${i}]`;
      if (!isObject(rule)) { problems.push(`${where}: not an object`); continue; }
      problems.push(...unknownKeys(rule, ["name", "source", "request"], where));
      if (typeof rule.name !== "string" || !rule.name) problems.push(`${where}: no name`);
      else if (names.has(rule.name)) problems.push(`${where}: the name "${rule.name}" is used twice (logs and metrics name the rule)`);
      else names.add(rule.name);
      if (rule.source !== undefined) {
        if (!isObject(rule.source)) problems.push(`${where}.source: not an object`);
        else {
          problems.push(...unknownKeys(rule.source, ["principals"], `${where}.source`));
          const principals = rule.source.principals;
          if (principals !== undefined && !nonEmptyStrings(principals)) problems.push(`${where}.source.principals: not a list of non-empty strings`);
          for (const p of Array.isArray(principals) ? principals : []) {
            if (typeof p === "string" && p && !policyPattern(p)) problems.push(`${where}.source.principals: "${p}" has a "*" inside (only at the start or the end)`);
          }
        }
      }
      if (rule.request !== undefined) {
        if (!isObject(rule.request)) { problems.push(`${where}.request: not an object`); continue; }
        problems.push(...unknownKeys(rule.request, ["paths", "headers"], `${where}.request`));
        const { paths, headers } = rule.request;
        if (paths !== undefined && !nonEmptyStrings(paths)) problems.push(`${where}.request.paths: not a list of non-empty strings`);
        for (const path of Array.isArray(paths) ? paths : []) {
          if (typeof path !== "string" || !path) continue;
          const match = policyPattern(path);
          if (!match) problems.push(`${where}.request.paths: "${path}" has a "*" inside (only at the start or the end)`);
          else if (!methods.some(match)) problems.push(`${where}.request.paths: "${path}" names no RPC of the server (proto/payments/v1)`);
        }
        if (headers !== undefined) {
          if (!Array.isArray(headers)) problems.push(`${where}.request.headers: not a list`);
          for (const [j, h] of (Array.isArray(headers) ? headers : []).entries()) {
            const at = `${where}.request.headers[${j}]`;
            if (!isObject(h)) { problems.push(`${at}: not an object`); continue; }
            problems.push(...unknownKeys(h, ["key", "values"], at));
            if (typeof h.key !== "string" || !h.key) problems.push(`${at}: no key`);
            else if (RESERVED_HEADER.test(h.key)) problems.push(`${at}: "${h.key}" is a header gRPC reserves`);
            if (!nonEmptyStrings(h.values) || h.values.length === 0) problems.push(`${at}: values is not a non-empty list of strings`);
          }
        }
      }
    }
  }
  return { policy, problems };
}

// The methods no allow rule names (whoever the caller): unreachable with
// this policy. A rule without request.paths names every method.
export function methodsNoRuleAllows(policy, methods) {
  const rules = Array.isArray(policy?.allow_rules) ? policy.allow_rules : [];
  return methods.filter((m) => !rules.some((r) => {
    const paths = r?.request?.paths;
    return !Array.isArray(paths) || paths.some((p) => policyPattern(p)?.(m));
  }));
}

// ------------------------------------------------------------- the files

// Where the file `path` of the gateway container comes from: { kind
// ("Secret" | "ConfigMap"), name, key, mount, problems }. A file the kubelet
// must keep up to date: inside a whole volume (no subPath), read-only.
export function fileSource(docs, g, flag, path) {
  const problems = [];
  const { mount, volume } = mountOf(g.pod, g.c, path);
  if (!mount) return { problems: [`--${flag} ${path} is in no mounted volume (the image has no such file)`] };
  const dir = mount.mountPath.replace(/\/$/, "");
  if (mount.subPath || mount.subPathExpr) {
    problems.push(`--${flag}: volume ${mount.name} is mounted with subPath, which the kubelet never updates: a renewed certificate or an edited policy would not reach the pod`);
  }
  if (path === dir) problems.push(`--${flag} ${path} is the mount point of ${mount.name}, not a file in it`);
  if (!mount.readOnly) problems.push(`--${flag}: volume ${mount.name} is not mounted readOnly`);
  if (!volume) return { mount, problems: [...problems, `volumeMount ${mount.name} has no volume`] };
  const kind = volume.secret ? "Secret" : volume.configMap ? "ConfigMap" : undefined;
  if (!kind) return { mount, problems: [...problems, `--${flag}: volume ${volume.name} is neither a Secret nor a ConfigMap`] };
  const name = volume.secret?.secretName ?? volume.configMap?.name;
  const rel = path.slice(dir.length + 1);
  const items = volume.secret?.items ?? volume.configMap?.items;
  let key = rel;
  if (items) {
    const item = items.find((i) => i.path === rel);
    if (!item) problems.push(`--${flag}: ${kind} volume ${volume.name} has no item with path ${rel}`);
    key = item?.key;
  }
  if (kind === "ConfigMap" && key) {
    const cm = docs.find((d) => d.kind === "ConfigMap" && d.metadata?.name === name);
    if (cm && !Object.hasOwn(cm.data ?? {}, key)) problems.push(`--${flag}: ConfigMap ${name} has no key ${key}`);
  }
  return { kind, name, key, mount, problems };
}

const CLIENT_AUTH = ["none", "optional", "require"];

// The gRPC port's transport flags and their files. Returns { rule: problems[] }.
export function grpcTlsProblems(docs) {
  const g = gatewayContainer(docs);
  if (!g) return { "gateway container present": [`no container ${GATEWAY.container} in Deployment/${GATEWAY.name}`] };
  const t = grpcTransport(g.args);
  const r = {};

  const transport = [];
  if (t.plaintext === null) transport.push("--plaintext has a value the server cannot parse");
  if (t.plaintext && t.tls) transport.push("--plaintext together with --tls_cert_file / --tls_key_file: one or the other");
  if (!t.plaintext && !t.tls) transport.push("neither --plaintext nor --tls_cert_file + --tls_key_file: the server refuses to start");
  if (t.tls && !(t.certFile && t.keyFile)) transport.push("--tls_cert_file and --tls_key_file go together");
  if (t.reloadInterval !== undefined && !(durationSeconds(t.reloadInterval) > 0)) {
    transport.push(`--tls_reload_interval ${JSON.stringify(t.reloadInterval)} is not a positive duration`);
  }
  r["--plaintext, or --tls_cert_file with --tls_key_file (the server refuses to start otherwise)"] = transport;

  const auth = [];
  if (!CLIENT_AUTH.includes(t.clientAuth)) auth.push(`--client_auth=${t.clientAuth}: none, optional or require`);
  const wantsCerts = t.clientAuth === "optional" || t.clientAuth === "require";
  if (t.clientAuth !== "none" && !t.tls) auth.push(`--client_auth=${t.clientAuth} without TLS`);
  if (wantsCerts && !t.clientCaFile) auth.push(`--client_auth=${t.clientAuth} needs --tls_client_ca_file (the CA that signs callers' certificates)`);
  if (t.clientCaFile && !t.tls) auth.push("--tls_client_ca_file without TLS");
  if (t.clientCaFile && t.clientAuth === "none") auth.push("--tls_client_ca_file with --client_auth=none, which asks for no client certificate (the server refuses it)");
  if (t.policyFile && !wantsCerts) auth.push("--authz_policy_file needs --client_auth=optional or require: a policy's principals are client certificates");
  r["client certificates: --client_auth none|optional|require, a client CA for optional/require, a policy only with them"] = auth;

  const files = [];
  for (const [flag, path] of [["tls_cert_file", t.certFile], ["tls_key_file", t.keyFile],
                              ["tls_client_ca_file", t.clientCaFile], ["authz_policy_file", t.policyFile]]) {
    if (!path) continue;
    const src = fileSource(docs, g, flag, path);
    files.push(...src.problems);
    if (flag === "tls_key_file" && src.kind === "ConfigMap") files.push("--tls_key_file is in a ConfigMap: a private key belongs in a Secret");
  }
  r["TLS and policy files are in whole, read-only Secret or ConfigMap volumes (rotations reach the pod)"] = files;

  // With TLS the port is no longer h2c (cleartext HTTP/2): a Service that
  // says so makes a mesh or a Gateway API implementation talk cleartext.
  const h2c = [];
  if (t.tls) {
    const labels = podLabelsOf(g.dep);
    for (const s of docs.filter((d) => d.kind === "Service" && selects(d.spec?.selector, labels))) {
      for (const p of s.spec?.ports ?? []) {
        if (p.appProtocol === "kubernetes.io/h2c") h2c.push(`Service/${s.metadata.name} port ${p.name ?? p.port} has appProtocol kubernetes.io/h2c`);
      }
    }
  }
  r["a TLS gRPC port is not announced as h2c (appProtocol)"] = h2c;
  return r;
}

// The Services that carry gRPC to the gateway pods.
function grpcServices(docs, g) {
  const labels = podLabelsOf(g.dep);
  return docs.filter((d) => d.kind === "Service" && selects(d.spec?.selector, labels) &&
    (d.spec?.ports ?? []).some((p) => p.targetPort === "grpc" || p.targetPort === GATEWAY.grpcPort || p.port === GATEWAY.grpcPort));
}

// With TLS: the certificate is the Secret a rendered cert-manager
// Certificate writes (cert-manager's keys), for the names callers dial, and
// a server certificate renewed in time with a new key. Returns { rule: problems[] }.
export function certificateProblems(docs) {
  const g = gatewayContainer(docs);
  if (!g) return { "gateway container present": [`no container ${GATEWAY.container}`] };
  const t = grpcTransport(g.args);
  if (!t.tls) return { "TLS on the gRPC port": ["the gateway serves plaintext"] };
  const r = {};
  const cert = fileSource(docs, g, "tls_cert_file", t.certFile ?? "");
  const key = fileSource(docs, g, "tls_key_file", t.keyFile ?? "");
  const ca = t.clientCaFile ? fileSource(docs, g, "tls_client_ca_file", t.clientCaFile) : null;
  const certificates = docs.filter((d) => d.kind === "Certificate" && d.spec?.secretName === cert.name);

  const wiring = [];
  if (cert.kind !== "Secret") wiring.push(`--tls_cert_file is not in a Secret volume (${cert.kind ?? "none"})`);
  else if (certificates.length !== 1) wiring.push(`${certificates.length} rendered Certificates write Secret ${cert.name}, not 1`);
  if (cert.key !== "tls.crt") wiring.push(`--tls_cert_file is key ${cert.key} of the Secret, not tls.crt`);
  if (key.name !== cert.name || key.key !== "tls.key") wiring.push(`--tls_key_file is key ${key.key} of ${key.kind} ${key.name}, not tls.key of Secret ${cert.name}`);
  if (ca && ca.name === cert.name && ca.key !== "ca.crt") wiring.push(`--tls_client_ca_file is key ${ca.key} of Secret ${cert.name}, not ca.crt`);
  r["the server certificate, key (and CA) are the Secret a cert-manager Certificate writes (tls.crt, tls.key, ca.crt)"] = wiring;
  const spec = certificates[0]?.spec;
  if (!spec) return r;

  const names = [];
  const dnsNames = spec.dnsNames ?? [];
  for (const s of grpcServices(docs, g)) {
    const ns = s.metadata?.namespace ?? GATEWAY.namespace;
    for (const name of [`${s.metadata.name}.${ns}.svc.cluster.local`, `${s.metadata.name}.${ns}.svc`]) {
      if (!dnsNames.includes(name)) names.push(`dnsNames lacks ${name} (Service/${s.metadata.name}): callers dialling it fail hostname verification`);
    }
  }
  r["the Certificate names every gRPC Service callers dial (dnsNames)"] = names;

  const server = [];
  if (!(spec.usages ?? []).includes("server auth")) server.push("usages lacks \"server auth\"");
  if (spec.isCA) server.push("isCA is true");
  if (spec.privateKey?.rotationPolicy !== "Always") server.push(`privateKey.rotationPolicy is ${spec.privateKey?.rotationPolicy ?? "(unset)"}, not Always (a renewal would keep the old key)`);
  const duration = durationSeconds(spec.duration ?? "2160h"), renew = spec.renewBefore === undefined ? duration / 3 : durationSeconds(spec.renewBefore);
  if (!(renew > 0 && renew < duration)) server.push(`renewBefore ${spec.renewBefore} is not within duration ${spec.duration}`);
  if (!spec.issuerRef?.name) server.push("no issuerRef.name");
  r["the Certificate is a server certificate, renewed before expiry with a new key"] = server;
  return r;
}

// The policy the gateway reads (--authz_policy_file), from the rendered
// ConfigMap: { text, where, problems }, or null without a policy flag.
export function gatewayPolicyText(docs) {
  const g = gatewayContainer(docs);
  const t = g && grpcTransport(g.args);
  if (!t?.policyFile) return null;
  const src = fileSource(docs, g, "authz_policy_file", t.policyFile);
  const cm = src.kind === "ConfigMap" && docs.find((d) => d.kind === "ConfigMap" && d.metadata?.name === src.name);
  if (!cm || !src.key || !Object.hasOwn(cm.data ?? {}, src.key)) {
    return { text: null, where: t.policyFile, problems: [`--authz_policy_file ${t.policyFile} is not a key of a rendered ConfigMap: cannot check it`, ...src.problems] };
  }
  return { text: cm.data[src.key], where: `ConfigMap ${src.name} key ${src.key}`, problems: [] };
}
