// Offline checks of Kubernetes manifests: rendering with `kubectl kustomize`,
// schema validation with the npm package kubernetes-models, rejection of
// unknown (misspelled) fields, and the project's hardening policy.
// Used by validate.mjs; every check function returns a list of problems
// (strings), empty when all is well, so self-tests can feed it broken input.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadAll } from "js-yaml";
import { crdProblems } from "./crd_schemas.mjs";

// ---------------------------------------------------------------- rendering

export function kubectlPath() {
  return process.env.KUBECTL || "kubectl";
}

// The kustomize version built into kubectl ("v5.5.0"), or null with a reason.
export function kustomizeVersion() {
  const r = spawnSync(kubectlPath(), ["version", "--client", "-o", "json"], { encoding: "utf8" });
  if (r.error) return { version: null, reason: `${kubectlPath()}: ${r.error.code ?? r.error.message}` };
  try {
    const v = JSON.parse(r.stdout);
    return { version: v.kustomizeVersion ?? null, kubectl: v.clientVersion?.gitVersion,
             reason: v.kustomizeVersion ? "" : "kubectl reports no kustomize version" };
  } catch {
    return { version: null, reason: `kubectl version: ${r.stderr || r.stdout}`.trim() };
  }
}

// Renders a kustomization directory. Returns { docs, error }.
export function render(dir) {
  const r = spawnSync(kubectlPath(), ["kustomize", dir], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error) return { docs: [], error: String(r.error.message) };
  if (r.status !== 0) return { docs: [], error: (r.stderr || r.stdout).trim() };
  return { docs: parseYaml(r.stdout), error: null };
}

export function parseYaml(text) {
  return loadAll(text).filter((d) => d !== null && d !== undefined);
}

export function loadYamlFile(path) {
  return parseYaml(readFileSync(path, "utf8"));
}

export function describe(obj) {
  return `${obj?.kind ?? "?"}/${obj?.metadata?.name ?? "?"}`;
}

// ------------------------------------------------------------------ schemas

const modelCache = new Map();

// The kubernetes-models class and the raw (ajv standalone) validate function
// for apiVersion + kind, or null when the package has no such model.
async function modelFor(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (modelCache.has(key)) return modelCache.get(key);
  let entry = null;
  try {
    const specifier = `kubernetes-models/${apiVersion}/${kind}`;
    const mod = await import(specifier);
    // The model module imports its schema as ../../_schemas/<Name>.js (core
    // "v1" models one level up); that module's `validate` is the ajv function.
    const source = readFileSync(fileURLToPath(import.meta.resolve(specifier)), "utf8");
    const m = source.match(/_schemas\/([A-Za-z0-9]+)\.js/);
    const schema = m ? await import(`kubernetes-models/_schemas/${m[1]}`) : null;
    entry = { Model: mod[kind] ?? mod.default, validate: schema?.validate ?? null, schemaName: m?.[1] };
  } catch {
    entry = null;
  }
  modelCache.set(key, entry);
  return entry;
}

function ajvErrorText(e) {
  const where = e.instancePath || "(root)";
  const extra = e.params?.missingProperty ? ` ${e.params.missingProperty}`
              : e.params?.allowedValues ? ` ${JSON.stringify(e.params.allowedValues)}` : "";
  return `${where} ${e.message ?? e.keyword}${extra}`;
}

// Schema validation (types, required fields, enums, formats) with the model.
export async function schemaProblems(obj) {
  if (!obj?.apiVersion || !obj?.kind) return ["object without apiVersion/kind"];
  const crd = crdProblems(obj);  // custom resources (cert-manager): crd_schemas.mjs
  if (crd) return crd.schema;
  const model = await modelFor(obj.apiVersion, obj.kind);
  if (!model?.Model) return [`no schema for ${obj.apiVersion} ${obj.kind} in kubernetes-models`];
  try {
    new model.Model(structuredClone(obj)).validate();
    return [];
  } catch (e) {
    if (Array.isArray(e?.errors)) return e.errors.map(ajvErrorText);
    return [String(e?.message ?? e)];
  }
}

// Unknown fields. The kubernetes-models schemas do not forbid extra
// properties, so a misspelled field (`protocl: TCP`) passes validate(). The
// compiled validators read exactly the properties their schema declares (and
// every key of a map-typed field such as labels or resources.limits), so the
// data is wrapped in Proxies that record each property read: any key of any
// object that the validator never looked at is not in the schema.
export async function unknownFieldProblems(obj) {
  if (!obj?.apiVersion || !obj?.kind) return ["object without apiVersion/kind"];
  const crd = crdProblems(obj);
  if (crd) return crd.unknown;
  const model = await modelFor(obj.apiVersion, obj.kind);
  if (!model?.validate) return [`no schema for ${obj.apiVersion} ${obj.kind} in kubernetes-models`];
  const nodes = [];
  const wrap = (value, path) => {
    if (value === null || typeof value !== "object") return value;
    const seen = new Set();
    const copy = Array.isArray(value)
      ? value.map((v, i) => wrap(v, `${path}[${i}]`))
      : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wrap(v, `${path}.${k}`)]));
    if (!Array.isArray(value)) nodes.push({ path, keys: Object.keys(value), seen });
    return new Proxy(copy, {
      get(target, key, receiver) {
        if (typeof key === "string") seen.add(key);
        return Reflect.get(target, key, receiver);
      },
      has(target, key) {
        if (typeof key === "string") seen.add(key);
        return Reflect.has(target, key);
      },
    });
  };
  model.validate(wrap(obj, ""));
  const unknown = [];
  for (const node of nodes) {
    for (const key of node.keys) {
      if (!node.seen.has(key)) unknown.push(`${node.path ? node.path.slice(1) + "." : ""}${key}`);
    }
  }
  // Report an unknown object once, not each field inside it.
  return unknown.filter((p) => !unknown.some((q) => p.startsWith(`${q}.`) || p.startsWith(`${q}[`)))
    .map((p) => `unknown field ${p}`);
}

// ------------------------------------------------------------------- policy

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"]);

export function podSpecOf(obj) {
  if (!WORKLOAD_KINDS.has(obj?.kind)) return null;
  if (obj.kind === "Pod") return obj.spec ?? {};
  if (obj.kind === "CronJob") return obj.spec?.jobTemplate?.spec?.template?.spec ?? {};
  return obj.spec?.template?.spec ?? {};
}

export function podLabelsOf(obj) {
  if (obj.kind === "Pod") return obj.metadata?.labels ?? {};
  if (obj.kind === "CronJob") return obj.spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {};
  return obj.spec?.template?.metadata?.labels ?? {};
}

export function workloads(docs) {
  return docs.filter((d) => podSpecOf(d) !== null);
}

export function containersOf(pod) {
  return [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
}

function effective(container, pod, field) {
  return container.securityContext?.[field] ?? pod.securityContext?.[field];
}

// Parses a Kubernetes quantity ("250m", "1", "128Mi", "1G") to a number.
export function quantity(q) {
  const m = String(q).match(/^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/);
  if (!m) return NaN;
  const factor = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  return Number(m[1]) * (m[2] ? factor[m[2]] : 1);
}

// Parses a Go / absl duration ("20s", "1m30s", "500ms") to seconds.
export function durationSeconds(text) {
  const s = String(text).trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0, consumed = 0, m;
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * { ms: 1e-3, s: 1, m: 60, h: 3600 }[m[2]];
    consumed += m[0].length;
  }
  return consumed === s.length && consumed > 0 ? total : NaN;
}

// The hardening every container of every workload must have. Returns
// { rule: problems[] } so each rule can be its own check line.
export function containerPolicy(container, pod) {
  const sc = container.securityContext ?? {};
  const r = {};
  const runAsUser = effective(container, pod, "runAsUser");
  r["runs as non-root"] = [
    ...(effective(container, pod, "runAsNonRoot") === true ? [] : ["runAsNonRoot is not true"]),
    ...(runAsUser === 0 ? ["runAsUser is 0"] : []),
  ];
  r["readOnlyRootFilesystem"] = sc.readOnlyRootFilesystem === true ? [] : ["readOnlyRootFilesystem is not true"];
  r["no privilege escalation"] = [
    ...(sc.allowPrivilegeEscalation === false ? [] : ["allowPrivilegeEscalation is not false"]),
    ...(sc.privileged === true ? ["privileged is true"] : []),
  ];
  const drop = sc.capabilities?.drop ?? [];
  r["all capabilities dropped"] = [
    ...(drop.includes("ALL") ? [] : ["capabilities.drop does not contain ALL"]),
    ...((sc.capabilities?.add ?? []).length ? [`capabilities.add: ${sc.capabilities.add.join(",")}`] : []),
  ];
  r["seccompProfile RuntimeDefault"] =
    effective(container, pod, "seccompProfile")?.type === "RuntimeDefault" ? [] : ["seccompProfile.type is not RuntimeDefault"];
  const res = container.resources ?? {};
  const resourceProblems = [];
  for (const kind of ["requests", "limits"]) {
    for (const name of ["cpu", "memory"]) {
      if (res[kind]?.[name] === undefined) resourceProblems.push(`no resources.${kind}.${name}`);
    }
  }
  for (const name of ["cpu", "memory"]) {
    const req = res.requests?.[name], lim = res.limits?.[name];
    if (req !== undefined && lim !== undefined && quantity(req) > quantity(lim)) {
      resourceProblems.push(`resources.requests.${name} ${req} > limits ${lim}`);
    }
  }
  r["resource requests and limits"] = resourceProblems;
  const image = String(container.image ?? "");
  r["pinned image tag"] = /(@sha256:[0-9a-f]{64}|:[A-Za-z0-9_][A-Za-z0-9_.-]*)$/.test(image.split("/").pop()) &&
                          !image.endsWith(":latest") ? [] : [`image "${image}" has no tag or uses :latest`];
  return r;
}

// Pod-level hardening. `docs` resolves the ServiceAccount.
export function podPolicy(pod, docs) {
  const problems = [];
  const saName = pod.serviceAccountName ?? "default";
  const sa = docs.find((d) => d.kind === "ServiceAccount" && d.metadata?.name === saName);
  const automount = pod.automountServiceAccountToken ?? sa?.automountServiceAccountToken;
  if (automount !== false) problems.push("automountServiceAccountToken is not false (pod or its ServiceAccount)");
  for (const f of ["hostNetwork", "hostPID", "hostIPC"]) if (pod[f] === true) problems.push(`${f} is true`);
  return problems;
}

// The environment a container gets from env and envFrom (ConfigMaps and
// Secrets found in `docs`; values of Secrets and valueFrom are "<ref>").
export function containerEnv(container, docs) {
  const env = new Map();
  const problems = [];
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? "ConfigMap" : "Secret";
    const obj = docs.find((d) => d.kind === kind && d.metadata?.name === ref?.name);
    if (!obj) {
      if (!ref?.optional) problems.push(`envFrom ${kind} ${ref?.name} is not in the rendered output`);
      continue;
    }
    for (const [k, v] of Object.entries(obj.data ?? {})) env.set(`${from.prefix ?? ""}${k}`, kind === "Secret" ? "<ref>" : v);
    for (const k of Object.keys(obj.stringData ?? {})) env.set(`${from.prefix ?? ""}${k}`, "<ref>");
  }
  for (const e of container.env ?? []) env.set(e.name, e.value ?? "<ref>");
  return { env, problems };
}

// Expands $(VAR) in command/args as the kubelet does; lists undefined ones.
export function expandArgs(container, docs) {
  const { env, problems } = containerEnv(container, docs);
  const args = [...(container.command ?? []), ...(container.args ?? [])].map((a) =>
    String(a).replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name) => {
      if (!env.has(name)) {
        problems.push(`${whole} is not defined by env or envFrom`);
        return whole;
      }
      return env.get(name);
    }));
  return { args, env, problems };
}

export function flagValue(args, flag) {
  for (const a of args) {
    if (a.startsWith(`--${flag}=`)) return a.slice(flag.length + 3);
  }
  return undefined;
}

// An absl bool flag as the server reads it: --name, --name=true|false (also
// 1/0, yes/no, t/f, y/n), --noname; the last one given wins. undefined when
// absent; null when the value does not parse (the server refuses it).
export function boolFlag(args, flag) {
  let value;
  for (const a of args) {
    if (a === `--${flag}`) value = true;
    else if (a === `--no${flag}`) value = false;
    else if (a.startsWith(`--${flag}=`)) {
      const v = a.slice(flag.length + 3).toLowerCase();
      value = ["true", "1", "yes", "t", "y"].includes(v) ? true : ["false", "0", "no", "f", "n"].includes(v) ? false : null;
    }
  }
  return value;
}

// How the gRPC port is served, from the server's flags (service/callers/
// server_tls.h): plaintext only with --plaintext; TLS with --tls_cert_file
// and --tls_key_file. The server refuses to start with neither (or both).
export function grpcTransport(args) {
  const file = (flag) => flagValue(args, flag) || undefined;
  const certFile = file("tls_cert_file"), keyFile = file("tls_key_file");
  return {
    plaintext: boolFlag(args, "plaintext"),
    tls: Boolean(certFile || keyFile),
    certFile, keyFile,
    clientCaFile: file("tls_client_ca_file"),
    clientAuth: flagValue(args, "client_auth") ?? "none",
    policyFile: file("authz_policy_file"),
    reloadInterval: flagValue(args, "tls_reload_interval"),
  };
}

export function selects(selector, labels) {
  const match = selector?.matchLabels ?? selector ?? {};
  const keys = Object.keys(match);
  if (selector?.matchExpressions?.length) return false;  // not used here; be strict
  return keys.length > 0 && keys.every((k) => labels?.[k] === match[k]);
}

// ----------------------------------------------------- the gateway's contract

export const GATEWAY = {
  name: "msp-gateway",
  container: "gateway",
  grpcPort: 50051,
  adminPort: 9090,
  healthService: "payments.v1.PaymentService",
  readyPath: "/readyz",  // admin port (service/server/admin_server.h)
  defaultShutdownGraceSeconds: 10,  // --shutdown_grace default in service/server/main.cc
  // Defaults of service/server/main.cc, for flags a manifest leaves out.
  defaultConnectTimeoutSeconds: 5,   // --msp_connect_timeout
  defaultReadTimeoutSeconds: 30,     // --msp_read_timeout
  defaultStoreTimeoutSeconds: 2,     // --store_timeout
  defaultDataDir: "/var/lib/msp-gateway",  // --data_dir
  // A PostgreSQL statement may run --store_timeout on the server; the client
  // gives up this much later (kClientGrace, service/store/postgres/pg_connection.h).
  storeClientGraceSeconds: 1,
  // The order store's environment (service/store/store_config.h).
  storeEnv: "MSP_GATEWAY_STORE",
  storeFileEnv: "MSP_GATEWAY_STORE_FILE",
  postgresPort: 5432,
  callerLabel: "payments.example.com/caller",
  monitoringNamespace: "monitoring",
  namespace: "payments",
  // The notification listener (--notification_port; service/server/main.cc)
  // and how it is exposed: its own Service, an Ingress (prod) for exactly
  // the listener's path (service/notifications/notification_path.h), and
  // the ingress controller the prod NetworkPolicy lets in.
  notificationPort: 8080,
  notificationPortName: "notifications",
  notificationService: "msp-gateway-notifications",
  notificationPath: "/notifications/multisafepay",
  ingressNamespace: "ingress-nginx",
  // The hosts for which the server accepts an http:// --notification_base_url
  // (IsLoopbackHost, service/server/server_config.cc).
  loopbackHosts: ["localhost", "127.0.0.1", "[::1]"],
};

export function gatewayDeployment(docs) {
  return docs.find((d) => d.kind === "Deployment" && d.metadata?.name === GATEWAY.name);
}

// Probes, ports, drain timing, metrics annotations, spread, key handling.
export function gatewayPolicy(docs) {
  const r = {};
  const dep = gatewayDeployment(docs);
  if (!dep) return { "gateway Deployment present": [`no Deployment/${GATEWAY.name}`] };
  const pod = podSpecOf(dep);
  const c = (pod.containers ?? []).find((x) => x.name === GATEWAY.container);
  if (!c) return { "gateway container present": [`no container ${GATEWAY.container}`] };
  const { args, env } = expandArgs(c, docs);  // undefined $(VAR)s: a check of their own

  // Startup and readiness follow the service's readiness (store reachable,
  // not shutting down): gRPC health of payments.v1.PaymentService, or the
  // admin port's /readyz, which answers the same. The kubelet's native gRPC
  // probe speaks plaintext only, so with TLS only /readyz works.
  const tls = grpcTransport(args).tls;
  const probeProblems = [];
  for (const kind of ["startupProbe", "readinessProbe"]) {
    const p = c[kind];
    if (!p) { probeProblems.push(`no ${kind}`); continue; }
    if (p.grpc) {
      if (tls) {
        probeProblems.push(`${kind} is a native gRPC probe, which speaks plaintext only: with TLS on the gRPC port every probe fails; use httpGet ${GATEWAY.readyPath} on the admin port`);
        continue;
      }
      if (p.grpc.port !== GATEWAY.grpcPort) probeProblems.push(`${kind}.grpc.port is ${p.grpc.port}, not ${GATEWAY.grpcPort}`);
      if (p.grpc.service !== GATEWAY.healthService) {
        probeProblems.push(`${kind}.grpc.service is ${JSON.stringify(p.grpc.service)}, not ${GATEWAY.healthService}`);
      }
    } else if (p.httpGet) {
      if (p.httpGet.path !== GATEWAY.readyPath) probeProblems.push(`${kind}.httpGet.path is ${p.httpGet.path}, not ${GATEWAY.readyPath}`);
      if (p.httpGet.port !== "admin" && p.httpGet.port !== GATEWAY.adminPort) {
        probeProblems.push(`${kind}.httpGet.port is ${p.httpGet.port}, not admin (${GATEWAY.adminPort})`);
      }
      if ((p.httpGet.scheme ?? "HTTP") !== "HTTP") probeProblems.push(`${kind}.httpGet.scheme is ${p.httpGet.scheme}: the admin port is plain HTTP`);
    } else {
      probeProblems.push(`${kind} is neither gRPC health nor httpGet ${GATEWAY.readyPath}`);
    }
  }
  r[`startup and readiness probes: gRPC health (plaintext) or the admin port's ${GATEWAY.readyPath}`] = probeProblems;
  // The server sets every grpc.health.v1.Health service NOT_SERVING while the
  // order store is unreachable (service "" too), so a gRPC liveness probe
  // would restart healthy pods during a database outage.
  const live = c.livenessProbe;
  r["liveness probe on the admin port's /healthz (not gRPC health)"] =
    !live ? ["no livenessProbe"]
      : live.grpc ? ["livenessProbe is gRPC health, which follows the order store: use httpGet /healthz on the admin port"]
      : live.httpGet?.path !== "/healthz" ? [`livenessProbe is not httpGet /healthz (${JSON.stringify(live.httpGet ?? live)})`]
      : [live.httpGet.port === "admin" || live.httpGet.port === GATEWAY.adminPort ? null
          : `livenessProbe.httpGet.port is ${live.httpGet.port}, not admin (${GATEWAY.adminPort})`].filter(Boolean);

  const portProblems = [];
  const ports = c.ports ?? [];
  for (const [name, port] of [["grpc", GATEWAY.grpcPort], ["admin", GATEWAY.adminPort]]) {
    if (!ports.some((p) => p.name === name && p.containerPort === port)) portProblems.push(`no containerPort ${name}=${port}`);
  }
  const grpcPortFlag = Number(flagValue(args, "grpc_port") ?? GATEWAY.grpcPort);
  const adminPortFlag = Number(flagValue(args, "admin_port") ?? GATEWAY.adminPort);
  if (grpcPortFlag !== GATEWAY.grpcPort) portProblems.push(`--grpc_port is ${grpcPortFlag}`);
  if (adminPortFlag !== GATEWAY.adminPort) portProblems.push(`--admin_port is ${adminPortFlag}`);
  r["gRPC and admin ports match the server flags"] = portProblems;

  const graceFlag = flagValue(args, "shutdown_grace");
  const drain = graceFlag === undefined ? GATEWAY.defaultShutdownGraceSeconds : durationSeconds(graceFlag);
  const preStopSleep = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
  const termination = pod.terminationGracePeriodSeconds ?? 30;
  r["terminationGracePeriodSeconds above preStop sleep + drain grace"] =
    Number.isFinite(drain) && termination > preStopSleep + drain ? []
      : [`terminationGracePeriodSeconds ${termination} <= preStop ${preStopSleep}s + --shutdown_grace ${graceFlag ?? "(default)"}`];
  // The whole drain: a MultiSafepay call already upstream at SIGTERM may take
  // connect + read timeout, then its answer is recorded in the order store.
  const seconds = (flag, fallback) => {
    const v = flagValue(args, flag);
    return v === undefined ? fallback : durationSeconds(v);
  };
  const upstream = seconds("msp_connect_timeout", GATEWAY.defaultConnectTimeoutSeconds) +
                   seconds("msp_read_timeout", GATEWAY.defaultReadTimeoutSeconds);
  const storeWrite = seconds("store_timeout", GATEWAY.defaultStoreTimeoutSeconds) + GATEWAY.storeClientGraceSeconds;
  const whole = preStopSleep + drain + upstream + storeWrite;
  r["terminationGracePeriodSeconds above preStop + drain grace + longest MultiSafepay call + one store write"] =
    Number.isFinite(whole) && termination > whole ? []
      : [`terminationGracePeriodSeconds ${termination} <= ${preStopSleep} + ${drain} + ${upstream} + ${storeWrite} = ${whole} s`];

  const ann = dep.spec?.template?.metadata?.annotations ?? {};
  r["Prometheus scrape annotations for the admin port"] = [
    ...(ann["prometheus.io/scrape"] === "true" ? [] : ["prometheus.io/scrape is not \"true\""]),
    ...(ann["prometheus.io/port"] === String(GATEWAY.adminPort) ? [] : [`prometheus.io/port is not "${GATEWAY.adminPort}"`]),
    ...(ann["prometheus.io/path"] === "/metrics" ? [] : ["prometheus.io/path is not /metrics"]),
  ];

  const labels = podLabelsOf(dep);
  const spread = (pod.topologySpreadConstraints ?? []).find((t) => t.topologyKey === "kubernetes.io/hostname");
  r["topology spread across nodes"] = !spread ? ["no topologySpreadConstraint on kubernetes.io/hostname"]
    : selects(spread.labelSelector, labels) ? [] : ["the hostname spread constraint does not select the gateway pods"];

  const keyProblems = [];
  const keyFile = env.get("MSP_API_KEY_FILE");
  if (env.has("MSP_API_KEY")) keyProblems.push("MSP_API_KEY is set in the environment; mount a Secret and use MSP_API_KEY_FILE");
  if (!keyFile) keyProblems.push("MSP_API_KEY_FILE is not set");
  else {
    const mount = (c.volumeMounts ?? []).find((m) => keyFile.startsWith(`${m.mountPath.replace(/\/$/, "")}/`));
    const volume = mount && (pod.volumes ?? []).find((v) => v.name === mount.name);
    if (!volume?.secret) keyProblems.push(`MSP_API_KEY_FILE ${keyFile} is not inside a mounted Secret volume`);
  }
  r["API key is a mounted Secret file"] = keyProblems;

  const svcProblems = [];
  const services = docs.filter((d) => d.kind === "Service" && selects(d.spec?.selector, labels));
  const grpcTarget = (s) => (s.spec?.ports ?? []).some((p) => p.port === GATEWAY.grpcPort &&
    (p.targetPort === "grpc" || p.targetPort === GATEWAY.grpcPort));
  const headless = services.filter((s) => s.spec?.clusterIP === "None" && grpcTarget(s));
  const clusterIp = services.filter((s) => s.spec?.clusterIP !== "None" && (s.spec?.type ?? "ClusterIP") === "ClusterIP" && grpcTarget(s));
  if (headless.length !== 1) svcProblems.push(`expected 1 headless Service for port ${GATEWAY.grpcPort}, found ${headless.length}`);
  if (clusterIp.length !== 1) svcProblems.push(`expected 1 ClusterIP Service for port ${GATEWAY.grpcPort}, found ${clusterIp.length}`);
  if (headless.some((s) => s.spec?.publishNotReadyAddresses === true)) svcProblems.push("the headless Service publishes not-ready pods");
  r["ClusterIP and headless Services for gRPC"] = svcProblems;
  return r;
}

// Every namespaced object lives in the payments namespace.
export function namespaceProblems(docs) {
  const clusterScoped = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "PriorityClass", "StorageClass"]);
  return docs.filter((d) => !clusterScoped.has(d.kind) && d.metadata?.namespace !== GATEWAY.namespace)
    .map((d) => `${describe(d)} is in namespace ${d.metadata?.namespace ?? "(none)"}`);
}

// ConfigMaps / Secrets / PersistentVolumeClaims referenced by workloads exist in the render, except
// the names in `external` (created outside the repository).
export function referenceProblems(docs, external = []) {
  const problems = [];
  // A Secret that a rendered cert-manager Certificate writes counts as there.
  const has = (kind, name) => docs.some((d) => d.kind === kind && d.metadata?.name === name) ||
    (kind === "Secret" && docs.some((d) => d.kind === "Certificate" && d.spec?.secretName === name));
  for (const w of workloads(docs)) {
    const pod = podSpecOf(w);
    const refs = [];
    for (const v of pod.volumes ?? []) {
      if (v.secret) refs.push(["Secret", v.secret.secretName, v.secret.optional]);
      if (v.configMap) refs.push(["ConfigMap", v.configMap.name, v.configMap.optional]);
      if (v.persistentVolumeClaim) refs.push(["PersistentVolumeClaim", v.persistentVolumeClaim.claimName, false]);
    }
    for (const c of containersOf(pod)) {
      for (const f of c.envFrom ?? []) {
        if (f.configMapRef) refs.push(["ConfigMap", f.configMapRef.name, f.configMapRef.optional]);
        if (f.secretRef) refs.push(["Secret", f.secretRef.name, f.secretRef.optional]);
      }
      for (const e of c.env ?? []) {
        const s = e.valueFrom?.secretKeyRef, m = e.valueFrom?.configMapKeyRef;
        if (s) refs.push(["Secret", s.name, s.optional]);
        if (m) refs.push(["ConfigMap", m.name, m.optional]);
      }
    }
    for (const [kind, name, optional] of refs) {
      if (!has(kind, name) && !optional && !external.includes(name)) {
        problems.push(`${describe(w)} refers to ${kind} ${name}, which is not in the rendered output`);
      }
    }
  }
  return problems;
}

// ------------------------------------------------------------- prod policy

export function hpaProblems(docs, minReplicas = 3) {
  const problems = [];
  const dep = gatewayDeployment(docs);
  const hpas = docs.filter((d) => d.kind === "HorizontalPodAutoscaler" &&
    d.spec?.scaleTargetRef?.kind === "Deployment" && d.spec?.scaleTargetRef?.name === GATEWAY.name);
  if (hpas.length !== 1) return [`expected 1 HorizontalPodAutoscaler for Deployment/${GATEWAY.name}, found ${hpas.length}`];
  const hpa = hpas[0];
  if (!(hpa.spec.minReplicas >= minReplicas)) problems.push(`minReplicas ${hpa.spec.minReplicas} < ${minReplicas}`);
  if (!(hpa.spec.maxReplicas >= hpa.spec.minReplicas)) problems.push("maxReplicas < minReplicas");
  if (dep && dep.spec?.replicas !== undefined && dep.spec.replicas < minReplicas) {
    problems.push(`Deployment replicas ${dep.spec.replicas} < ${minReplicas}`);
  }
  return problems;
}

export function pdbProblems(docs) {
  const dep = gatewayDeployment(docs);
  const labels = dep ? podLabelsOf(dep) : {};
  const pdbs = docs.filter((d) => d.kind === "PodDisruptionBudget" && selects(d.spec?.selector, labels));
  if (pdbs.length !== 1) return [`expected 1 PodDisruptionBudget selecting the gateway pods, found ${pdbs.length}`];
  const spec = pdbs[0].spec;
  const problems = [];
  if (spec.maxUnavailable === 0 || spec.maxUnavailable === "0%") problems.push("maxUnavailable 0 blocks every node drain");
  if (spec.minAvailable === undefined && spec.maxUnavailable === undefined) problems.push("neither minAvailable nor maxUnavailable");
  return problems;
}

// Ingress: 50051 only from pods labelled as payment callers, 9090 only from
// the monitoring namespace, nothing else. Egress: only DNS (53 to kube-dns)
// and 443.
// With `storePort` (the PostgreSQL order store), egress to that TCP port is
// allowed too, and required. With `notificationPort` (the listener), ingress
// to that port is allowed from the ingress controller's namespace only, and
// required: the one way in from outside the cluster.
export function networkPolicyProblems(docs, { storePort, notificationPort } = {}) {
  const dep = gatewayDeployment(docs);
  const labels = dep ? podLabelsOf(dep) : {};
  const nps = docs.filter((d) => d.kind === "NetworkPolicy" && selects(d.spec?.podSelector, labels));
  if (nps.length !== 1) return [`expected 1 NetworkPolicy selecting the gateway pods, found ${nps.length}`];
  const spec = nps[0].spec;
  const problems = [];
  const types = spec.policyTypes ?? [];
  for (const t of ["Ingress", "Egress"]) if (!types.includes(t)) problems.push(`policyTypes lacks ${t}`);

  const ingressPorts = new Set();
  for (const [i, rule] of (spec.ingress ?? []).entries()) {
    const where = `ingress[${i}]`;
    if (!rule.from?.length) { problems.push(`${where} allows every source (no from)`); continue; }
    if (!rule.ports?.length) { problems.push(`${where} allows every port (no ports)`); continue; }
    for (const p of rule.ports) {
      ingressPorts.add(p.port);
      if ((p.protocol ?? "TCP") !== "TCP") problems.push(`${where} port ${p.port}/${p.protocol}`);
      if (p.port === GATEWAY.grpcPort || p.port === "grpc") {
        for (const peer of rule.from) {
          if (peer.ipBlock || peer.podSelector?.matchLabels?.[GATEWAY.callerLabel] !== "true") {
            problems.push(`${where}: port ${p.port} is open to a peer without podSelector ${GATEWAY.callerLabel}: "true"`);
          }
        }
      } else if (p.port === GATEWAY.adminPort || p.port === "admin") {
        for (const peer of rule.from) {
          const ns = peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"];
          if (peer.ipBlock || ns !== GATEWAY.monitoringNamespace) {
            problems.push(`${where}: port ${p.port} is open beyond the ${GATEWAY.monitoringNamespace} namespace`);
          }
        }
      } else if (notificationPort !== undefined && (p.port === notificationPort || p.port === GATEWAY.notificationPortName)) {
        for (const peer of rule.from) {
          const ns = peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"];
          if (peer.ipBlock || ns !== GATEWAY.ingressNamespace || (peer.namespaceSelector.matchExpressions ?? []).length) {
            problems.push(`${where}: port ${p.port} is open to a peer other than the ingress controller (namespace ${GATEWAY.ingressNamespace})`);
          }
        }
        ingressPorts.add(notificationPort);
      } else {
        problems.push(`${where} opens port ${p.port}`);
      }
    }
  }
  for (const port of [GATEWAY.grpcPort, GATEWAY.adminPort, ...(notificationPort !== undefined ? [notificationPort] : [])]) {
    if (!ingressPorts.has(port)) problems.push(`no ingress rule for port ${port}`);
  }

  let dns = false, https = false, store = false;
  for (const [i, rule] of (spec.egress ?? []).entries()) {
    const where = `egress[${i}]`;
    if (!rule.ports?.length) { problems.push(`${where} allows every port (no ports)`); continue; }
    for (const p of rule.ports) {
      if (p.port === 53 && ["UDP", "TCP"].includes(p.protocol ?? "TCP")) {
        dns = true;
        const toDns = (rule.to ?? []).length > 0 && rule.to.every((peer) =>
          peer.podSelector?.matchLabels?.["k8s-app"] === "kube-dns" &&
          peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "kube-system");
        if (!toDns) problems.push(`${where}: port 53 goes beyond kube-dns in kube-system`);
      } else if (p.port === 443 && (p.protocol ?? "TCP") === "TCP") {
        https = true;
      } else if (storePort !== undefined && p.port === storePort && (p.protocol ?? "TCP") === "TCP") {
        store = true;
      } else {
        problems.push(`${where} opens port ${p.port}/${p.protocol ?? "TCP"}`);
      }
    }
  }
  if (!dns) problems.push("no egress rule for DNS (53)");
  if (!https) problems.push("no egress rule for HTTPS (443)");
  if (storePort !== undefined && !store) problems.push(`no egress rule for the order store (PostgreSQL, ${storePort})`);
  return problems;
}

export function configMapOf(docs, container) {
  const name = (container.envFrom ?? []).map((f) => f.configMapRef?.name).find(Boolean);
  return docs.find((d) => d.kind === "ConfigMap" && d.metadata?.name === name);
}

// ----------------------------------------------------------- the order store

// The gateway container and its expanded args and environment.
export function gatewayContainer(docs) {
  const dep = gatewayDeployment(docs);
  const pod = dep ? podSpecOf(dep) : null;
  const c = pod?.containers?.find((x) => x.name === GATEWAY.container);
  if (!c) return null;
  const { args, env } = expandArgs(c, docs);
  return { dep, pod, c, args, env };
}

// The volume mount holding `path` (the longest mountPath that is `path` or a
// directory above it) and its volume.
export function mountOf(pod, container, path) {
  let best = null;
  for (const m of container.volumeMounts ?? []) {
    const dir = m.mountPath.replace(/\/$/, "");
    if ((path === dir || path.startsWith(`${dir}/`)) && (!best || dir.length > best.mountPath.replace(/\/$/, "").length)) best = m;
  }
  const volume = best && (pod.volumes ?? []).find((v) => v.name === best.name);
  return { mount: best, volume };
}

const DSN_PATTERN = /postgres(?:ql)?:\/\/|(?:^|[\s?&])(?:ssl)?password\s*=/i;

// Where the gateway's order store is, resolved as the server does
// (service/store/store_config.h): MSP_GATEWAY_STORE (sqlite:<path> or a
// PostgreSQL URI), else MSP_GATEWAY_STORE_FILE (a file holding one), else
// SQLite at <--data_dir>/orders.db. Returns { kind, path?, file?, from,
// problems }: kind "sqlite", "postgresql", "file" (the location is in a
// file, PostgreSQL by convention), "secret-env" (a valueFrom) or "invalid".
export function gatewayStore(docs) {
  const g = gatewayContainer(docs);
  if (!g) return { kind: "invalid", problems: [`no container ${GATEWAY.container} in Deployment/${GATEWAY.name}`] };
  const value = g.env.get(GATEWAY.storeEnv);
  const file = g.env.get(GATEWAY.storeFileEnv);
  if (value && file) return { kind: "invalid", problems: [`both ${GATEWAY.storeEnv} and ${GATEWAY.storeFileEnv} are set`] };
  if (value === "<ref>") return { kind: "secret-env", from: GATEWAY.storeEnv, problems: [] };
  if (value) {
    if (value.startsWith("sqlite:")) return { kind: "sqlite", path: value.slice("sqlite:".length), from: GATEWAY.storeEnv, problems: [] };
    if (/^postgres(ql)?:\/\//.test(value)) return { kind: "postgresql", from: GATEWAY.storeEnv, problems: [] };
    return { kind: "invalid", problems: [`${GATEWAY.storeEnv} is neither sqlite:<path> nor a PostgreSQL URI`] };
  }
  if (file === "<ref>") return { kind: "invalid", problems: [`${GATEWAY.storeFileEnv} must be a path (a literal value), not a valueFrom`] };
  if (file) return { kind: "file", file, from: GATEWAY.storeFileEnv, problems: [] };
  const dataDir = (flagValue(g.args, "data_dir") ?? GATEWAY.defaultDataDir).replace(/\/$/, "");
  return { kind: "sqlite", path: `${dataDir}/orders.db`, from: "--data_dir", problems: [] };
}

// A SQLite store: on a writable volume (the root file system is read-only,
// and the records must outlive the container), and never shared by replicas.
export function sqliteStoreProblems(docs) {
  const store = gatewayStore(docs);
  if (store.kind !== "sqlite") return { "the order store is SQLite": [`it is ${store.kind}`, ...store.problems] };
  const { dep, pod, c } = gatewayContainer(docs);
  const r = {};
  const dir = store.path.replace(/\/[^/]*$/, "") || "/";
  const { mount, volume } = mountOf(pod, c, store.path);
  const volumeProblems = [];
  if (!mount) volumeProblems.push(`no volume is mounted at ${dir} (${store.path}, from ${store.from})`);
  else {
    if (mount.readOnly) volumeProblems.push(`the volume ${mount.name} at ${mount.mountPath} is mounted readOnly`);
    if (mount.subPath || mount.subPathExpr) volumeProblems.push(`the volume ${mount.name} uses a subPath`);
    if (!volume) volumeProblems.push(`volumeMount ${mount.name} has no volume`);
    else if (!volume.persistentVolumeClaim && !volume.emptyDir) {
      volumeProblems.push(`volume ${volume.name} is neither a PersistentVolumeClaim nor an emptyDir`);
    }
  }
  r["SQLite store directory is a writable volume"] = volumeProblems;
  const runAsGroup = c.securityContext?.runAsGroup ?? pod.securityContext?.runAsGroup;
  const fsGroup = pod.securityContext?.fsGroup;
  r["SQLite volume is writable by the container's group (fsGroup)"] =
    fsGroup !== undefined && fsGroup === runAsGroup ? [] : [`fsGroup ${fsGroup} is not the container's runAsGroup ${runAsGroup}`];
  const hpas = docs.filter((d) => d.kind === "HorizontalPodAutoscaler" && d.spec?.scaleTargetRef?.name === GATEWAY.name);
  const replicaProblems = [];
  if (dep.spec?.replicas !== 1) replicaProblems.push(`replicas is ${dep.spec?.replicas ?? "(unset)"}, not 1`);
  for (const h of hpas) replicaProblems.push(`${describe(h)} scales the gateway (min ${h.spec?.minReplicas}, max ${h.spec?.maxReplicas})`);
  if (dep.spec?.strategy?.type !== "Recreate") {
    replicaProblems.push(`strategy is ${dep.spec?.strategy?.type ?? "RollingUpdate"}: a surge pod would open the same file`);
  }
  r["SQLite store: exactly one replica, no autoscaler, Recreate rollouts"] = replicaProblems;
  return r;
}

// Every text an operator sees in the manifests: env values, args and
// commands of every container, and every ConfigMap entry.
function visibleValues(docs) {
  const out = [];
  for (const w of workloads(docs)) {
    for (const c of containersOf(podSpecOf(w))) {
      for (const e of c.env ?? []) if (e.value !== undefined) out.push([`${describe(w)} ${c.name} env ${e.name}`, e.name, String(e.value)]);
      for (const a of [...(c.command ?? []), ...(c.args ?? [])]) out.push([`${describe(w)} ${c.name} arg`, "", String(a)]);
    }
  }
  for (const cm of docs.filter((d) => d.kind === "ConfigMap")) {
    for (const [k, v] of Object.entries(cm.data ?? {})) out.push([`${describe(cm)} ${k}`, k, String(v)]);
  }
  return out;
}

// A PostgreSQL store: its DSN only in a mounted Secret file; nothing that
// looks like a DSN or a password in an env value, an argument or a ConfigMap.
export function postgresStoreProblems(docs) {
  const store = gatewayStore(docs);
  const r = {};
  const fileProblems = [...store.problems];
  if (store.kind !== "file") fileProblems.push(`the store comes from ${store.from ?? "nowhere"} (${store.kind}), not ${GATEWAY.storeFileEnv}`);
  else {
    const { pod, c } = gatewayContainer(docs);
    const { mount, volume } = mountOf(pod, c, store.file);
    if (!mount || mount.mountPath.replace(/\/$/, "") === store.file) fileProblems.push(`${GATEWAY.storeFileEnv} ${store.file} is not inside a mounted volume`);
    else {
      if (!volume?.secret) fileProblems.push(`${store.file} is in volume ${mount.name}, which is not a Secret`);
      if (!mount.readOnly) fileProblems.push(`the Secret volume ${mount.name} is not mounted readOnly`);
      const rel = store.file.slice(mount.mountPath.replace(/\/$/, "").length + 1);
      const items = volume?.secret?.items;
      if (items && !items.some((i) => i.path === rel)) fileProblems.push(`Secret volume ${mount.name} has no item with path ${rel}`);
    }
  }
  r[`the store location is ${GATEWAY.storeFileEnv}, a file of a mounted Secret`] = fileProblems;
  const leaks = [];
  for (const [where, name, value] of visibleValues(docs)) {
    if (name === GATEWAY.storeEnv) leaks.push(`${where}: ${GATEWAY.storeEnv} is set (the DSN belongs in the Secret file)`);
    else if (/^PGPASSWORD$/i.test(name)) leaks.push(`${where}: a password`);
    else if (DSN_PATTERN.test(value)) leaks.push(`${where}: looks like a DSN or a password`);
  }
  for (const w of workloads(docs)) {
    for (const c of containersOf(podSpecOf(w))) {
      for (const e of c.env ?? []) {
        if (e.valueFrom && (e.name === GATEWAY.storeEnv || /^PGPASSWORD$/i.test(e.name))) {
          leaks.push(`${describe(w)} ${c.name} env ${e.name} comes from valueFrom: a secret in the environment (visible in /proc); mount it as a file`);
        }
      }
    }
  }
  r["no DSN or password in an env value, argument or ConfigMap"] = leaks;
  return r;
}

// ------------------------------------------------- notifications and events

// The container port `targetPort` (a name or a number) of a Service resolves
// to in `container`, or undefined.
function resolveTargetPort(container, targetPort) {
  if (typeof targetPort === "number") return targetPort;
  return (container.ports ?? []).find((p) => p.name === targetPort)?.containerPort;
}

// What the server accepts as --notification_base_url (NotificationBaseUrl,
// service/server/server_config.cc): empty (off), or https://host[:port]
// without a path; http:// only for a loopback host. Never credentials in it:
// an argument shows in `ps` and the pod spec. Returns problems.
export function notificationBaseUrlProblems(value) {
  if (value === undefined || value === "") return [];
  let url;
  try {
    url = new URL(value);
  } catch {
    return [`--notification_base_url ${JSON.stringify(value)} is not a URL`];
  }
  const problems = [];
  if (url.protocol !== "https:" && !(url.protocol === "http:" && GATEWAY.loopbackHosts.includes(url.hostname))) {
    problems.push(`--notification_base_url is ${url.protocol}//${url.hostname}: https:// only (http:// for a loopback host), the server refuses to start`);
  }
  if (url.pathname !== "/" || url.search || url.hash) {
    problems.push(`--notification_base_url has a path or query (${url.pathname}${url.search}): the gateway adds ${GATEWAY.notificationPath} itself`);
  }
  if (url.username || url.password) problems.push("--notification_base_url carries credentials");
  return problems;
}

// The listener's port, its Service, and --notification_base_url, whatever
// the overlay. Returns { rule: problems[] }.
export function notificationProblems(docs) {
  const g = gatewayContainer(docs);
  if (!g) return { "gateway container present": [`no container ${GATEWAY.container} in Deployment/${GATEWAY.name}`] };
  const { dep, c, args, env } = g;
  const r = {};

  const portProblems = [];
  const declared = (c.ports ?? []).filter((p) => p.name === GATEWAY.notificationPortName);
  const flag = flagValue(args, "notification_port");
  const flagPort = flag === undefined ? undefined : Number(flag);
  if (declared.length !== 1) portProblems.push(`expected 1 containerPort named ${GATEWAY.notificationPortName}, found ${declared.length}`);
  if (flag === undefined) portProblems.push("no --notification_port: the listener does not run");
  else if (!Number.isInteger(flagPort) || flagPort < 1 || flagPort > 65535) {
    portProblems.push(`--notification_port is ${JSON.stringify(flag)}: a fixed port 1..65535 is needed for a Service (0 is ephemeral, -1 off)`);
  }
  if (declared.length === 1) {
    const d = declared[0];
    if (flagPort !== undefined && d.containerPort !== flagPort) {
      portProblems.push(`containerPort ${GATEWAY.notificationPortName} is ${d.containerPort} but --notification_port is ${flag}`);
    }
    if ((d.protocol ?? "TCP") !== "TCP") portProblems.push(`containerPort ${GATEWAY.notificationPortName} is ${d.protocol}`);
    if (d.containerPort !== GATEWAY.notificationPort) {
      portProblems.push(`containerPort ${GATEWAY.notificationPortName} is ${d.containerPort}, not ${GATEWAY.notificationPort}`);
    }
  }
  r[`notification port: containerPort ${GATEWAY.notificationPortName} = --notification_port = ${GATEWAY.notificationPort}`] = portProblems;

  const distinct = [];
  const grpcPort = Number(flagValue(args, "grpc_port") ?? GATEWAY.grpcPort);
  const adminPort = Number(flagValue(args, "admin_port") ?? GATEWAY.adminPort);
  if (flagPort === grpcPort) distinct.push(`--notification_port ${flagPort} is the gRPC port`);
  if (flagPort === adminPort) distinct.push(`--notification_port ${flagPort} is the admin port`);
  const numbers = (c.ports ?? []).map((p) => p.containerPort);
  for (const n of new Set(numbers)) {
    if (numbers.filter((x) => x === n).length > 1) distinct.push(`containerPort ${n} is declared more than once`);
  }
  r["notification port differs from the gRPC and admin ports"] = distinct;

  r["the listener has the API key (MSP_API_KEY_FILE), which verifies every notification"] =
    flag === undefined || flagPort < 0 || env.get("MSP_API_KEY_FILE") ? [] : ["--notification_port without MSP_API_KEY_FILE: the server refuses to start"];

  const labels = podLabelsOf(dep);
  const svcProblems = [];
  const svc = docs.find((d) => d.kind === "Service" && d.metadata?.name === GATEWAY.notificationService);
  if (!svc) svcProblems.push(`no Service/${GATEWAY.notificationService}`);
  else {
    if (!selects(svc.spec?.selector, labels)) svcProblems.push("its selector does not select the gateway pods");
    for (const w of workloads(docs).filter((w) => w !== dep && selects(svc.spec?.selector, podLabelsOf(w)))) {
      svcProblems.push(`its selector also selects ${describe(w)}`);
    }
    if ((svc.spec?.type ?? "ClusterIP") !== "ClusterIP" || svc.spec?.clusterIP === "None") {
      svcProblems.push(`it is ${svc.spec?.clusterIP === "None" ? "headless" : svc.spec?.type}, not a ClusterIP Service (the Ingress exposes it)`);
    }
    if ((svc.spec?.externalIPs ?? []).length) svcProblems.push("it has externalIPs");
    const ports = svc.spec?.ports ?? [];
    if (ports.length !== 1) svcProblems.push(`it has ${ports.length} ports, not exactly the notification port`);
    for (const p of ports) {
      const target = resolveTargetPort(c, p.targetPort ?? p.port);
      if (target === undefined) svcProblems.push(`port ${p.name ?? p.port}: targetPort ${p.targetPort} is no port of the gateway container`);
      else if (declared.length !== 1 || target !== declared[0].containerPort) {
        svcProblems.push(`port ${p.name ?? p.port} targets container port ${target}, not the notification port`);
      }
    }
  }
  r[`Service/${GATEWAY.notificationService} selects the gateway pods and targets only the notification port`] = svcProblems;

  // gRPC and admin stay internal: no Service puts them on a node port, a
  // load balancer or an external IP.
  const exposed = [];
  for (const s of docs.filter((d) => d.kind === "Service" && selects(d.spec?.selector, labels))) {
    const type = s.spec?.type ?? "ClusterIP";
    if (type !== "ClusterIP" || (s.spec?.externalIPs ?? []).length) {
      exposed.push(`${describe(s)} is ${type}${(s.spec?.externalIPs ?? []).length ? " with externalIPs" : ""}`);
    }
    if (s !== svc) {
      for (const p of s.spec?.ports ?? []) {
        if (declared.length === 1 && resolveTargetPort(c, p.targetPort ?? p.port) === declared[0].containerPort) {
          exposed.push(`${describe(s)} also serves the notification port`);
        }
      }
    }
  }
  r["every gateway Service is ClusterIP (nothing on a node port or load balancer)"] = exposed;

  r["--notification_base_url is off or https:// without a path"] = notificationBaseUrlProblems(flagValue(args, "notification_base_url"));
  return r;
}

// The prod way in: Ingresses that route exactly the listener's path, with
// TLS, to the notification Service, and a --notification_base_url that is
// one of their hosts. Returns { rule: problems[] }.
export function ingressProblems(docs) {
  const r = {};
  const ingresses = docs.filter((d) => d.kind === "Ingress");
  const svc = docs.find((d) => d.kind === "Service" && d.metadata?.name === GATEWAY.notificationService);
  const svcPort = (svc?.spec?.ports ?? [])[0];
  const routes = [];
  if (!ingresses.length) routes.push("no Ingress");
  const hosts = new Set();
  const tlsProblems = [];
  for (const ing of ingresses) {
    const where = describe(ing);
    if (ing.spec?.defaultBackend) routes.push(`${where} has a defaultBackend (every other path would reach it)`);
    if (!(ing.spec?.rules ?? []).length) routes.push(`${where} has no rules`);
    const tlsHosts = new Set((ing.spec?.tls ?? []).filter((t) => t.secretName).flatMap((t) => t.hosts ?? []));
    for (const [i, rule] of (ing.spec?.rules ?? []).entries()) {
      if (!rule.host) routes.push(`${where} rules[${i}] has no host (it would match any)`);
      else {
        hosts.add(rule.host);
        if (!tlsHosts.has(rule.host)) tlsProblems.push(`${where}: host ${rule.host} has no tls entry with a secretName`);
      }
      const paths = rule.http?.paths ?? [];
      if (!paths.length) routes.push(`${where} rules[${i}] has no paths`);
      for (const [j, p] of paths.entries()) {
        const at = `${where} rules[${i}].paths[${j}]`;
        if (p.path !== GATEWAY.notificationPath) routes.push(`${at}: path ${p.path ?? "(none)"}, not ${GATEWAY.notificationPath}`);
        if (!["Exact", "Prefix"].includes(p.pathType)) routes.push(`${at}: pathType ${p.pathType} (Exact or Prefix: ImplementationSpecific may be a regex)`);
        const b = p.backend?.service;
        if (!b) routes.push(`${at}: the backend is not a Service`);
        else {
          if (b.name !== GATEWAY.notificationService) routes.push(`${at}: backend Service ${b.name}, not ${GATEWAY.notificationService}`);
          else if (!svcPort) routes.push(`${at}: Service/${GATEWAY.notificationService} has no port`);
          else if (!(b.port?.name === svcPort.name && svcPort.name !== undefined) && b.port?.number !== svcPort.port) {
            routes.push(`${at}: backend port ${JSON.stringify(b.port)} is not the Service's ${svcPort.name ?? svcPort.port}`);
          }
        }
      }
    }
  }
  r[`Ingress routes only ${GATEWAY.notificationPath} to ${GATEWAY.notificationService}`] = routes;
  r["Ingress terminates TLS for every host"] = tlsProblems;

  const g = gatewayContainer(docs);
  const base = g ? flagValue(g.args, "notification_base_url") : undefined;
  const baseProblems = [];
  if (!base) baseProblems.push("--notification_base_url is not set: orders would not notify the gateway");
  else {
    baseProblems.push(...notificationBaseUrlProblems(base));
    try {
      const url = new URL(base);
      if (url.protocol !== "https:") baseProblems.push(`--notification_base_url is ${url.protocol}, not https:`);
      if (!hosts.has(url.hostname)) baseProblems.push(`--notification_base_url host ${url.hostname} is not an Ingress host (${[...hosts].join(", ") || "none"})`);
      if (url.port && url.port !== "443") baseProblems.push(`--notification_base_url port ${url.port}: the Ingress serves TLS on 443`);
    } catch {
      // notificationBaseUrlProblems said so.
    }
  }
  r["--notification_base_url is https:// on the Ingress's host"] = baseProblems;
  return r;
}

const SECRET_FLAG = /^--[a-z0-9_]*(api_?key|secret|password|passwd|token|dsn)[a-z0-9_]*=/i;

// No secret in any container's command or args (they show in `ps`, the pod
// spec and `kubectl describe`): no $(VAR) from a Secret (secretKeyRef or an
// envFrom secretRef), no flag named like a secret (a *_file flag naming a
// path is fine), and no value of a rendered Secret. Values are never
// printed.
export function secretArgProblems(docs) {
  const problems = [];
  const secrets = docs.filter((d) => d.kind === "Secret");
  const secretValues = [];
  for (const s of secrets) {
    for (const v of Object.values(s.data ?? {})) secretValues.push([describe(s), Buffer.from(String(v), "base64").toString("utf8").trim()]);
    for (const v of Object.values(s.stringData ?? {})) secretValues.push([describe(s), String(v).trim()]);
  }
  for (const w of workloads(docs)) {
    for (const c of containersOf(podSpecOf(w))) {
      const where = `${describe(w)} container ${c.name}`;
      const fromSecret = new Set((c.env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name));
      const prefixed = (f, keys) => keys.map((k) => `${f.prefix ?? ""}${k}`);
      const configKeys = new Set((c.envFrom ?? []).filter((f) => f.configMapRef).flatMap((f) => prefixed(f,
        Object.keys(docs.find((d) => d.kind === "ConfigMap" && d.metadata?.name === f.configMapRef.name)?.data ?? {}))));
      const secretFroms = (c.envFrom ?? []).filter((f) => f.secretRef).map((f) => {
        const s = docs.find((d) => d.kind === "Secret" && d.metadata?.name === f.secretRef.name);
        return { name: f.secretRef.name, keys: s ? new Set(prefixed(f, Object.keys({ ...s.data, ...s.stringData }))) : null };
      });
      for (const a of [...(c.command ?? []), ...(c.args ?? [])].map(String)) {
        for (const [, name] of a.matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
          const e = (c.env ?? []).find((x) => x.name === name);  // env wins over envFrom
          if (e) {
            if (fromSecret.has(name)) problems.push(`${where}: an argument uses $(${name}), which comes from a Secret`);
            continue;
          }
          // A Secret in envFrom that is not rendered (created out of band)
          // may hold any key: only a ConfigMap key is known not to be secret.
          const s = secretFroms.find((f) => f.keys ? f.keys.has(name) : !configKeys.has(name));
          if (s) problems.push(`${where}: an argument uses $(${name}), which comes (or may come) from Secret ${s.name}`);
        }
      }
      const { args } = expandArgs(c, docs);
      for (const a of args) {
        const flag = a.split("=")[0];
        if (SECRET_FLAG.test(a) && !/_file$/i.test(flag)) problems.push(`${where}: ${flag} passes a secret as an argument`);
        for (const [secret, value] of secretValues) {
          if (value.length >= 8 && a.includes(value)) problems.push(`${where}: ${flag} holds a value of ${secret}`);
        }
      }
    }
  }
  return problems;
}
