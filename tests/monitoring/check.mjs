// Offline checks of the monitoring component (deploy/k8s/components/monitoring):
// the PrometheusRule's groups pass `promtool check rules`; `promtool test
// rules` with alerts_test.yaml proves every alert fires on its symptom and
// stays quiet without it; every metric the rules and tests name is one a
// real gateway serves on its admin port (started here on 127.0.0.1); the
// ServiceMonitor scrapes, through the rendered Service, the gateway pods'
// admin port at the path the gateway serves. Self-tests feed broken copies
// (bad PromQL, an alert that cannot fire, a misspelled metric, a wrong port
// or path) and expect each to be caught.
//
//   node tests/monitoring/check.mjs   (BAZEL_BIN=..., KUBECTL=..., PROMTOOL=...)
//
// Needs promtool (Debian: apt-get install prometheus), kubectl with
// kustomize >= v4, and //service/server:msp_gateway_server built. Prints
// "ok - ..." / "not ok - ..." lines and ends with "# result <passed> <failed>".
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { dump } from "js-yaml";
import { Checks, bazelBin, startServer } from "../e2e/harness.mjs";
import {
  GATEWAY, describe, flagValue, gatewayContainer, loadYamlFile, podLabelsOf, render, schemaProblems, selects,
  unknownFieldProblems, workloads,
} from "../k8s/lib.mjs";

const repoRoot = resolve(new URL("../..", import.meta.url).pathname);
const componentDir = join(repoRoot, "deploy/k8s/components/monitoring");
const testFile = join(repoRoot, "tests/monitoring/alerts_test.yaml");
const promtool = process.env.PROMTOOL || "promtool";
const work = mkdtempSync(join(tmpdir(), "monitoring-check-"));
const checks = new Checks();

// Metrics the rules may use that the gateway does not export: Prometheus's
// own `up`, kube-state-metrics and cert-manager (docs/operations.md, "Alerts
// worth setting").
const EXTERNAL_METRICS = new Set([
  "up",
  "kube_deployment_status_replicas_available",
  "kube_horizontalpodautoscaler_status_current_replicas",
  "kube_horizontalpodautoscaler_spec_max_replicas",
  "kube_pod_container_status_restarts_total",
  "certmanager_certificate_expiration_timestamp_seconds",
]);
const SEVERITIES = new Set(["page", "warning"]);
const ENDPOINT_FIELDS = new Set([
  "port", "targetPort", "path", "scheme", "interval", "scrapeTimeout", "honorLabels", "honorTimestamps",
  "relabelings", "metricRelabelings", "params", "tlsConfig", "bearerTokenSecret", "authorization",
  "basicAuth", "oauth2", "followRedirects", "enableHttp2", "filterRunning", "proxyUrl",
]);

function fail(problems) {
  if (problems.length) throw new Error(problems.join("\n"));
}

function run(file, args, options = {}) {
  const r = spawnSync(file, args, { encoding: "utf8", maxBuffer: 16 << 20, timeout: 120000, ...options });
  if (r.error) return { code: -1, out: `${file}: ${r.error.code ?? r.error.message}` };
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

// Renders an overlay with the component added, as an operator's overlay
// would (`components: [../../components/monitoring]`, namespace payments).
function renderWithComponent(overlay, component = componentDir) {
  const dir = mkdtempSync(join(work, `render-${overlay}-`));
  writeFileSync(join(dir, "kustomization.yaml"), dump({
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    namespace: GATEWAY.namespace,
    resources: [relative(dir, join(repoRoot, "deploy/k8s/overlays", overlay))],
    components: [relative(dir, component)],
  }));
  return render(dir);
}

// ---------------------------------------------------------------- the rules

const alertsOf = (rule) => rule.spec.groups.flatMap((g) => g.rules.filter((r) => r.alert));

// Writes spec.groups as a rules file; `strip` drops annotations (templated
// text promtool's unit tests would otherwise have to match word for word).
function writeRules(dir, rule, strip = false) {
  const groups = structuredClone(rule.spec.groups);
  if (strip) for (const g of groups) for (const r of g.rules) delete r.annotations;
  const path = join(dir, "rules.yaml");
  writeFileSync(path, dump({ groups }));
  return path;
}

function promtoolCheck(rule) {
  const dir = mkdtempSync(join(work, "check-"));
  return run(promtool, ["check", "rules", writeRules(dir, rule)]);
}

function promtoolTest(rule, tests = readFileSync(testFile, "utf8")) {
  const dir = mkdtempSync(join(work, "test-"));
  writeRules(dir, rule, true);
  writeFileSync(join(dir, "alerts_test.yaml"), tests);
  return run(promtool, ["test", "rules", "alerts_test.yaml"], { cwd: dir });
}

// Every alert needs a test where it fires and one where it stays quiet;
// every alert a test names must exist.
function coverageProblems(rule, tests) {
  const alerts = new Set(alertsOf(rule).map((r) => r.alert));
  const fires = new Set(), quiet = new Set(), problems = [];
  for (const t of tests.tests ?? []) {
    for (const a of t.alert_rule_test ?? []) {
      if (!alerts.has(a.alertname)) problems.push(`test "${t.name}" names ${a.alertname}, which is no alert of the rules`);
      ((a.exp_alerts ?? []).length ? fires : quiet).add(a.alertname);
    }
  }
  for (const a of alerts) {
    if (!fires.has(a)) problems.push(`${a}: no test where it fires`);
    if (!quiet.has(a)) problems.push(`${a}: no test where it stays quiet`);
  }
  return problems;
}

// Metric names in a PromQL expression or series selector: every
// `name{`, and every msp_gateway_* name.
function metricNames(text) {
  const names = new Set();
  for (const [, n] of text.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{/g)) names.add(n);
  for (const [n] of text.matchAll(/\bmsp_gateway_[a-z0-9_]+/g)) names.add(n);
  return names;
}

// The names a /metrics page serves: each `# TYPE` family, with the
// _bucket/_sum/_count series of histograms.
function exportedNames(page) {
  const names = new Set();
  for (const [, name, type] of page.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name);
    if (type === "histogram") for (const s of ["_bucket", "_sum", "_count"]) names.add(`${name}${s}`);
  }
  return names;
}

function unknownMetricProblems(rule, tests, exported) {
  const problems = [];
  const look = (where, text) => {
    for (const n of metricNames(text)) {
      if (!exported.has(n) && !EXTERNAL_METRICS.has(n)) problems.push(`${where}: ${n} is not served by the gateway's /metrics`);
    }
  };
  for (const r of alertsOf(rule)) look(`alert ${r.alert}`, r.expr);
  for (const t of tests.tests ?? []) for (const s of t.input_series ?? []) look(`test "${t.name}"`, s.series);
  return problems;
}

function ruleShapeProblems(rule) {
  const problems = [];
  if (rule.apiVersion !== "monitoring.coreos.com/v1") problems.push(`apiVersion ${rule.apiVersion}`);
  const alerts = alertsOf(rule);
  if (!alerts.length) problems.push("no alerts");
  const seen = new Set();
  for (const r of alerts) {
    if (seen.has(r.alert)) problems.push(`${r.alert} is defined twice`);
    seen.add(r.alert);
    if (!/^MspGateway[A-Za-z]+$/.test(r.alert)) problems.push(`${r.alert}: not named MspGateway...`);
    if (!SEVERITIES.has(r.labels?.severity)) problems.push(`${r.alert}: severity ${r.labels?.severity} (page or warning)`);
    for (const a of ["summary", "description", "runbook"]) if (!r.annotations?.[a]) problems.push(`${r.alert}: no ${a} annotation`);
  }
  return problems;
}

// GitHub's heading anchors.
function anchors(markdown) {
  return new Set([...markdown.matchAll(/^#+ (.+)$/gm)].map(([, h]) =>
    h.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-")));
}

function runbookProblems(rule) {
  const problems = [];
  for (const r of alertsOf(rule)) {
    const [file, anchor] = String(r.annotations?.runbook ?? "").split("#");
    const path = join(repoRoot, file);
    if (!file || !existsSync(path)) { problems.push(`${r.alert}: runbook ${file} does not exist`); continue; }
    if (anchor && !anchors(readFileSync(path, "utf8")).has(anchor)) problems.push(`${r.alert}: ${file} has no heading #${anchor}`);
  }
  return problems;
}

// ------------------------------------------------------- the ServiceMonitor

function targetContainerPort(container, targetPort) {
  if (typeof targetPort === "number") return targetPort;
  return (container.ports ?? []).find((p) => p.name === targetPort)?.containerPort;
}

// The ServiceMonitor selects exactly one Service in its namespaces; that
// Service selects the gateway pods and nothing else; the endpoint's port is a
// port of it that reaches the admin port (= --admin_port); the path is the
// pods' prometheus.io/path. Returns problems.
function serviceMonitorProblems(docs, metricsPath) {
  const problems = [];
  const monitors = docs.filter((d) => d.kind === "ServiceMonitor");
  if (monitors.length !== 1) return [`expected 1 ServiceMonitor, found ${monitors.length}`];
  const sm = monitors[0];
  if (sm.apiVersion !== "monitoring.coreos.com/v1") problems.push(`apiVersion ${sm.apiVersion}`);
  const g = gatewayContainer(docs);
  if (!g) return [...problems, "no gateway container in the render"];
  const namespaces = sm.spec?.namespaceSelector?.matchNames ?? [sm.metadata?.namespace];
  if (!namespaces.includes(GATEWAY.namespace)) problems.push(`namespaceSelector ${JSON.stringify(namespaces)} leaves out ${GATEWAY.namespace}`);
  const services = docs.filter((d) => d.kind === "Service" && namespaces.includes(d.metadata?.namespace) &&
    selects(sm.spec?.selector, d.metadata?.labels ?? {}));
  if (services.length !== 1) {
    return [...problems, `its selector matches ${services.length} Services (${services.map(describe).join(", ") || "none"}), not exactly one`];
  }
  const svc = services[0];
  if (!selects(svc.spec?.selector, podLabelsOf(g.dep))) problems.push(`${describe(svc)} does not select the gateway pods`);
  for (const w of workloads(docs).filter((w) => w !== g.dep && selects(svc.spec?.selector, podLabelsOf(w)))) {
    problems.push(`${describe(svc)} also selects ${describe(w)}`);
  }
  const adminPort = Number(flagValue(g.args, "admin_port") ?? GATEWAY.adminPort);
  const endpoints = sm.spec?.endpoints ?? [];
  if (!endpoints.length) problems.push("no endpoints");
  for (const [i, e] of endpoints.entries()) {
    for (const k of Object.keys(e)) if (!ENDPOINT_FIELDS.has(k)) problems.push(`endpoints[${i}]: unknown field ${k}`);
    const port = (svc.spec?.ports ?? []).find((p) => p.name === e.port);
    if (!port) problems.push(`endpoints[${i}].port ${e.port} is no port name of ${describe(svc)} (${(svc.spec?.ports ?? []).map((p) => p.name).join(", ")})`);
    else {
      const target = targetContainerPort(g.c, port.targetPort ?? port.port);
      if (target !== adminPort) problems.push(`endpoints[${i}]: ${describe(svc)} port ${e.port} reaches container port ${target}, not the admin port ${adminPort}`);
    }
    if ((e.path ?? "/metrics") !== metricsPath) problems.push(`endpoints[${i}].path ${e.path}, but the gateway serves ${metricsPath}`);
    if ((e.scheme ?? "http") !== "http") problems.push(`endpoints[${i}].scheme ${e.scheme}: the admin port is plain HTTP`);
  }
  return problems;
}

// ------------------------------------------------------------------- checks

let rule = null;
let tests = null;
const rendered = {};
const promtoolVersion = run(promtool, ["--version"]);

await checks.check(`promtool is installed (${promtoolVersion.out.split("\n")[0].trim()})`, () =>
  fail(promtoolVersion.code === 0 ? [] : [`${promtoolVersion.out.trim()}: apt-get install -y --no-install-recommends prometheus (or PROMTOOL=)`]));

for (const overlay of ["prod", "dev"]) {
  await checks.check(`${overlay} + components/monitoring renders with kubectl kustomize`, () => {
    const { docs, error } = renderWithComponent(overlay);
    if (error) throw new Error(`${error}\n(kubectl with kustomize >= v4 needed; KUBECTL= to point elsewhere)`);
    rendered[overlay] = docs;
    const kinds = ["PrometheusRule", "ServiceMonitor"].filter((k) => docs.filter((d) => d.kind === k).length !== 1);
    fail(kinds.map((k) => `expected exactly 1 ${k}`));
  });
}
rule = (rendered.prod ?? loadYamlFile(join(componentDir, "prometheusrule.yaml"))).find((d) => d.kind === "PrometheusRule");

await checks.check("alerts_test.yaml parses", () => {
  [tests] = loadYamlFile(testFile);
  fail(Array.isArray(tests?.tests) && tests.tests.length ? [] : ["no tests"]);
});

for (const overlay of Object.keys(rendered)) {
  const docs = rendered[overlay];
  await checks.check(`${overlay}: the component's objects are in namespace ${GATEWAY.namespace}`, () =>
    fail(docs.filter((d) => ["PrometheusRule", "ServiceMonitor"].includes(d.kind) || d.metadata?.name === "msp-gateway-metrics")
      .filter((d) => d.metadata?.namespace !== GATEWAY.namespace).map((d) => `${describe(d)} in ${d.metadata?.namespace}`)));
  const svc = docs.find((d) => d.kind === "Service" && d.metadata?.name === "msp-gateway-metrics");
  await checks.check(`${overlay}: Service/msp-gateway-metrics matches the Kubernetes schema, no unknown fields`, async () =>
    fail(svc ? [...await schemaProblems(svc), ...await unknownFieldProblems(svc)] : ["not rendered"]));
  await checks.check(`${overlay}: the metrics Service is internal (ClusterIP/headless, no node port or external IP)`, () =>
    fail(!svc ? ["not rendered"] : [
      ...((svc.spec?.type ?? "ClusterIP") === "ClusterIP" ? [] : [`type ${svc.spec.type}`]),
      ...((svc.spec?.externalIPs ?? []).length ? ["externalIPs"] : []),
    ]));
}

await checks.check("PrometheusRule: every alert is MspGateway*, once, with severity page|warning, summary, description, runbook",
  () => fail(rule ? ruleShapeProblems(rule) : ["no PrometheusRule"]));
await checks.check("PrometheusRule: every runbook annotation names an existing doc heading", () => fail(runbookProblems(rule)));
await checks.check("docs/operations.md names every alert", () => {
  const doc = readFileSync(join(repoRoot, "docs/operations.md"), "utf8");
  fail(alertsOf(rule).filter((r) => !doc.includes(r.alert)).map((r) => `${r.alert} is not in docs/operations.md`));
});

await checks.check(`promtool check rules: ${alertsOf(rule).length} alerts`, () => {
  const r = promtoolCheck(rule);
  fail(r.code === 0 ? [] : [r.out.trim()]);
});
await checks.check("promtool test rules alerts_test.yaml: every expectation holds", () => {
  const r = promtoolTest(rule);
  fail(r.code === 0 && /SUCCESS/.test(r.out) ? [] : [r.out.trim()]);
});
await checks.check("alerts_test.yaml: every alert has a test where it fires and one where it stays quiet",
  () => fail(coverageProblems(rule, tests)));

// A real gateway: the path the ServiceMonitor scrapes and the names it serves.
const sm = rendered.prod?.find((d) => d.kind === "ServiceMonitor");
const smPath = sm?.spec?.endpoints?.[0]?.path ?? "/metrics";
let exported = null;
let metricsPath = null;
const serverBinary = join(bazelBin, "service/server/msp_gateway_server");
await checks.check(`a real gateway serves Prometheus text at the ServiceMonitor's path ${smPath} of its admin port`, async () => {
  if (!existsSync(serverBinary)) throw new Error(`${serverBinary} missing: bazel build //service/server:msp_gateway_server (BAZEL_BIN=)`);
  const server = await startServer({ MSP_BASE_URL: "http://127.0.0.1:9" });
  try {
    if (!server.adminUrl) throw new Error(`no admin port in the serving log line:\n${server.log().slice(-1000)}`);
    const res = await fetch(`${server.adminUrl}${smPath}`);
    const page = await res.text();
    const problems = [];
    if (res.status !== 200) problems.push(`GET ${smPath}: HTTP ${res.status}`);
    if (!String(res.headers.get("content-type")).startsWith("text/plain")) problems.push(`Content-Type ${res.headers.get("content-type")}`);
    const names = exportedNames(page);
    if (!names.has("msp_gateway_build_info")) problems.push("no msp_gateway_build_info family");
    const wrong = await fetch(`${server.adminUrl}${smPath}x`);
    if (wrong.status === 200) problems.push(`GET ${smPath}x answers 200 too: the path check would prove nothing`);
    fail(problems);
    exported = names;
    metricsPath = smPath;
  } finally {
    await server.stop();
  }
});
await checks.check("every metric the rules and their tests name is served by the gateway (or is up / kube-state-metrics / cert-manager)",
  () => fail(exported ? unknownMetricProblems(rule, tests, exported) : ["no /metrics page from a real gateway (see above)"]));

for (const overlay of Object.keys(rendered)) {
  await checks.check(`${overlay}: the ServiceMonitor scrapes the gateway pods' admin port through its one Service, at the served path`,
    () => fail(serviceMonitorProblems(rendered[overlay], metricsPath ?? "/metrics")));
  await checks.check(`${overlay}: the ServiceMonitor's path is the pods' prometheus.io/path annotation`, () => {
    const g = gatewayContainer(rendered[overlay]);
    const ann = g?.dep?.spec?.template?.metadata?.annotations?.["prometheus.io/path"];
    const path = rendered[overlay].find((d) => d.kind === "ServiceMonitor")?.spec?.endpoints?.[0]?.path;
    fail(ann === path ? [] : [`annotation ${ann}, ServiceMonitor ${path}`]);
  });
}

// ---------------------------------------------------------------- self-tests

const mutate = (fn) => { const copy = structuredClone(rule); fn(copy); return copy; };
const alert = (r, name) => alertsOf(r).find((x) => x.alert === name);

await checks.check("self-test: a rule with broken PromQL fails promtool check rules", () => {
  const broken = mutate((r) => { alert(r, "MspGatewayLoadShedding").expr = 'sum(rate(msp_gateway_rpc_requests_total{code="RESOURCE_EXHAUSTED"}[5m]) > 0'; });
  const res = promtoolCheck(broken);
  fail(res.code !== 0 && /parse error|unclosed|unexpected/i.test(res.out) ? [] : [`not caught (exit ${res.code}): ${res.out.trim()}`]);
});
await checks.check("self-test: an unknown template function in an annotation fails promtool check rules", () => {
  const broken = mutate((r) => { alert(r, "MspGatewayEventLag").annotations.description = "{{ $value | humanizeSecondz }}"; });
  const res = promtoolCheck(broken);
  fail(res.code !== 0 ? [] : [`not caught: ${res.out.trim()}`]);
});
await checks.check("self-test: an alert whose threshold can never be reached fails promtool test rules", () => {
  const broken = mutate((r) => { alert(r, "MspGatewayUpstreamFailing").expr = alert(r, "MspGatewayUpstreamFailing").expr.replace("> 0.05", "> 50"); });
  const res = promtoolTest(broken);
  fail(res.code !== 0 && /MspGatewayUpstreamFailing/.test(res.out) ? [] : [`not caught (exit ${res.code})`]);
});
await checks.check("self-test: an alert that fires without its symptom fails promtool test rules", () => {
  const broken = mutate((r) => { alert(r, "MspGatewayNotificationsStale").expr = 'sum(increase(msp_gateway_notifications_total{result="stale"}[30m])) >= 0'; });
  const res = promtoolTest(broken);
  fail(res.code !== 0 && /MspGatewayNotificationsStale/.test(res.out) ? [] : [`not caught (exit ${res.code})`]);
});
await checks.check("self-test: the sketch's `+` of two increases (empty when either side has no series) fails promtool test rules", () => {
  const broken = mutate((r) => {
    alert(r, "MspGatewayApiKeyRejected").expr = 'sum(increase(msp_gateway_upstream_requests_total{msp_error_code="1032"}[5m])) + ' +
      'sum(increase(msp_gateway_upstream_requests_total{http_status=~"401|403",msp_error_code="0"}[5m])) > 0';
  });
  const res = promtoolTest(broken);
  fail(res.code !== 0 && /MspGatewayApiKeyRejected/.test(res.out) ? [] : [`not caught (exit ${res.code})`]);
});
await checks.check("self-test: a misspelled metric name is caught", () => {
  const broken = mutate((r) => { alert(r, "MspGatewayQueueBuildingUp").expr = "max(msp_gateway_worker_queue_length) > 100"; });
  const problems = exported ? unknownMetricProblems(broken, tests, exported) : [];
  fail(problems.some((p) => p.includes("msp_gateway_worker_queue_length")) ? [] : ["not caught"]);
});
await checks.check("self-test: an alert without a quiet test, and a test of an unknown alert, are caught", () => {
  const fewer = structuredClone(tests);
  fewer.tests = fewer.tests.map((t) => ({ ...t, alert_rule_test: (t.alert_rule_test ?? []).filter((a) =>
    !(a.alertname === "MspGatewayEventLag" && !(a.exp_alerts ?? []).length)) }));
  fewer.tests[0].alert_rule_test.push({ eval_time: "1m", alertname: "MspGatewayNoSuchAlert", exp_alerts: [] });
  const problems = coverageProblems(rule, fewer);
  fail(problems.some((p) => p.includes("MspGatewayEventLag: no test where it stays quiet")) &&
       problems.some((p) => p.includes("MspGatewayNoSuchAlert")) ? [] : [`not caught: ${problems.join("; ")}`]);
});
const prodDocs = rendered.prod ?? [];
const smutate = (fn) => {
  const docs = structuredClone(prodDocs);
  fn(docs.find((d) => d.kind === "ServiceMonitor"), docs.find((d) => d.metadata?.name === "msp-gateway-metrics" && d.kind === "Service"), docs);
  return serviceMonitorProblems(docs, metricsPath ?? "/metrics");
};
for (const [what, fn, expect] of [
  ["the port name admin (the container's, not the Service's)", (s) => { s.spec.endpoints[0].port = "admin"; }, "no port name"],
  ["a Service port targeting grpc", (s, svc) => { svc.spec.ports[0].targetPort = "grpc"; }, "not the admin port"],
  ["the path /metric", (s) => { s.spec.endpoints[0].path = "/metric"; }, "but the gateway serves"],
  ["a selector that also matches the gRPC Services", (s) => { s.spec.selector.matchLabels = { "app.kubernetes.io/name": "msp-gateway" }; }, "not exactly one"],
  ["a misspelled endpoint field (intervall)", (s) => { s.spec.endpoints[0].intervall = "30s"; }, "unknown field intervall"],
  ["another namespace", (s) => { s.spec.namespaceSelector.matchNames = ["monitoring"]; }, "leaves out"],
]) {
  await checks.check(`self-test: a ServiceMonitor with ${what} is caught`, () => {
    if (!prodDocs.length) throw new Error("no prod render");
    const problems = smutate(fn);
    fail(problems.some((p) => p.includes(expect)) ? [] : [`not caught: ${problems.join("; ") || "no problems"}`]);
  });
}

rmSync(work, { recursive: true, force: true });
process.exitCode = checks.summary();
