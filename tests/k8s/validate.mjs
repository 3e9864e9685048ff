// Offline validation of deploy/k8s: every overlay renders with
// `kubectl kustomize`, every object matches the Kubernetes schemas
// (kubernetes-models) and has no unknown or misspelled fields, and the
// hardening policy holds for every container of every workload. Self-tests
// feed deliberately broken manifests and check that they are caught.
//
//   node tests/k8s/validate.mjs          (KUBECTL=/path/to/kubectl to override)
//
// Prints one "ok - ..." / "not ok - ..." line per check and ends with
// "# result <passed> <failed>"; exits non-zero when a check failed.
// Needs kubectl with kustomize >= v4 (kubectl >= 1.21). Without it the render
// checks fail loudly, with a hint, and the self-tests still run.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  GATEWAY, configMapOf, containerPolicy, containersOf, describe, expandArgs, gatewayDeployment,
  gatewayPolicy, hpaProblems, kubectlPath, kustomizeVersion, loadYamlFile, namespaceProblems,
  networkPolicyProblems, pdbProblems, podPolicy, podSpecOf, referenceProblems, render,
  schemaProblems, unknownFieldProblems, workloads,
} from "./lib.mjs";

const repoRoot = resolve(new URL("../..", import.meta.url).pathname);
const k8sDir = join(repoRoot, "deploy/k8s");

let passed = 0;
let failed = 0;
function check(name, problems) {
  if (problems.length === 0) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}\n  ${problems.join("\n  ")}`);
  }
}
const rules = (prefix, byRule) => {
  for (const [rule, problems] of Object.entries(byRule)) check(`${prefix}: ${rule}`, problems);
};

// Every check that holds for any overlay.
async function checkRendered(overlay, docs) {
  for (const obj of docs) {
    check(`${overlay}: ${describe(obj)} matches the Kubernetes schema`, await schemaProblems(obj));
    check(`${overlay}: ${describe(obj)} has no unknown fields`, await unknownFieldProblems(obj));
  }
  check(`${overlay}: every object is in namespace ${GATEWAY.namespace}`, namespaceProblems(docs));
  check(`${overlay}: every object has app.kubernetes.io/name and part-of labels`,
        docs.filter((d) => !d.metadata?.labels?.["app.kubernetes.io/name"] || !d.metadata?.labels?.["app.kubernetes.io/part-of"])
          .map((d) => `${describe(d)} lacks them`));
  for (const w of workloads(docs)) {
    const pod = podSpecOf(w);
    check(`${overlay}: ${describe(w)}: no service account token, no host namespaces`, podPolicy(pod, docs));
    for (const c of containersOf(pod)) {
      rules(`${overlay}: ${describe(w)} container ${c.name}`, containerPolicy(c, pod));
      check(`${overlay}: ${describe(w)} container ${c.name}: every $(VAR) is defined`, expandArgs(c, docs).problems);
    }
  }
  rules(`${overlay}: gateway`, gatewayPolicy(docs));
  const sa = docs.find((d) => d.kind === "ServiceAccount" && d.metadata?.name === GATEWAY.name);
  check(`${overlay}: ServiceAccount/${GATEWAY.name} has automountServiceAccountToken: false`,
        sa?.automountServiceAccountToken === false ? [] : ["missing, or the token is mounted"]);
}

function gatewayConfig(docs) {
  const dep = gatewayDeployment(docs);
  const c = dep && podSpecOf(dep).containers?.find((x) => x.name === GATEWAY.container);
  return c ? configMapOf(docs, c)?.data ?? {} : {};
}

async function checkDev(docs) {
  check("dev: every referenced ConfigMap and Secret is rendered", referenceProblems(docs));
  const dep = gatewayDeployment(docs);
  check("dev: one gateway replica", dep?.spec?.replicas === 1 ? [] : [`replicas ${dep?.spec?.replicas}`]);
  const emu = docs.find((d) => d.kind === "Deployment" && d.metadata?.name === "msp-emulator");
  const emuSvc = docs.find((d) => d.kind === "Service" && d.metadata?.name === "msp-emulator");
  check("dev: the MultiSafepay emulator has its own Deployment and Service",
        [...(emu ? [] : ["no Deployment/msp-emulator"]), ...(emuSvc ? [] : ["no Service/msp-emulator"])]);
  const cfg = gatewayConfig(docs);
  const problems = [];
  try {
    const url = new URL(cfg.MSP_BASE_URL);
    const port = Number(url.port || 80);
    if (url.hostname !== emuSvc?.metadata?.name) problems.push(`MSP_BASE_URL host ${url.hostname} is not the emulator Service`);
    if (!(emuSvc?.spec?.ports ?? []).some((p) => p.port === port)) problems.push(`the emulator Service has no port ${port}`);
  } catch {
    problems.push(`MSP_BASE_URL ${JSON.stringify(cfg.MSP_BASE_URL)} is not a URL`);
  }
  check("dev: the gateway's MSP_BASE_URL points at the emulator Service", problems);
}

async function checkProd(docs) {
  check("prod: every referenced ConfigMap and Secret is rendered, except the API key Secret",
        referenceProblems(docs, ["msp-api-key"]));
  check("prod: no Secret in the manifests (the API key is created out of band)",
        docs.filter((d) => d.kind === "Secret").map((d) => `${describe(d)} is rendered`));
  const cfg = gatewayConfig(docs);
  check("prod: MSP_ENV=live and no MSP_BASE_URL override",
        [...(cfg.MSP_ENV === "live" ? [] : [`MSP_ENV is ${cfg.MSP_ENV}`]),
         ...(cfg.MSP_BASE_URL !== undefined ? [`MSP_BASE_URL is ${cfg.MSP_BASE_URL}`] : [])]);
  check("prod: no emulator", docs.filter((d) => /emulator/.test(d.metadata?.name ?? "") ||
        workloads([d]).some((w) => containersOf(podSpecOf(w)).some((c) => /emulator/.test(c.image))))
        .map((d) => `${describe(d)}`));
  check("prod: at least 3 replicas, owned by a HorizontalPodAutoscaler", hpaProblems(docs, 3));
  check("prod: a PodDisruptionBudget for the gateway", pdbProblems(docs));
  check("prod: NetworkPolicy: 50051 from payment callers, 9090 from monitoring, egress DNS + 443 only",
        networkPolicyProblems(docs));
  const dep = gatewayDeployment(docs);
  const zone = (podSpecOf(dep ?? {})?.topologySpreadConstraints ?? []).some((t) => t.topologyKey === "topology.kubernetes.io/zone");
  check("prod: topology spread across zones too", zone ? [] : ["no topology.kubernetes.io/zone constraint"]);
}

// -------------------------------------------------------------- self-tests
// Broken copies of the manifests must be caught by the same functions.
async function selfTests(fixture) {
  const dep = () => structuredClone(fixture.find((d) => d.kind === "Deployment"));
  const gw = (d) => podSpecOf(d).containers.find((c) => c.name === GATEWAY.container);

  {
    const d = dep();
    const port = gw(d).ports[0];
    delete port.protocol;
    port.protocl = "TCP";
    const p = await unknownFieldProblems(d);
    check("self-test: a misspelled field (ports[].protocl) is rejected",
          p.some((x) => x.includes("protocl")) ? [] : [`not caught: ${JSON.stringify(p)}`]);
  }
  {
    const d = dep();
    gw(d).readinessProbe.grpc.srvice = gw(d).readinessProbe.grpc.service;
    delete gw(d).readinessProbe.grpc.service;
    d.spec.template.spec.securityContext.runAsnonRoot = true;
    const p = await unknownFieldProblems(d);
    check("self-test: misspelled nested fields (probe grpc.srvice, securityContext.runAsnonRoot) are rejected",
          p.some((x) => x.includes("grpc.srvice")) && p.some((x) => x.includes("runAsnonRoot")) ? [] : [`not caught: ${JSON.stringify(p)}`]);
  }
  {
    const d = dep();
    delete gw(d).securityContext.readOnlyRootFilesystem;
    const p = containerPolicy(gw(d), podSpecOf(d)).readOnlyRootFilesystem;
    check("self-test: a container without readOnlyRootFilesystem is rejected", p.length ? [] : ["not caught"]);
  }
  {
    const d = dep();
    gw(d).securityContext.runAsUser = 0;
    delete gw(d).securityContext.capabilities;
    const r = containerPolicy(gw(d), podSpecOf(d));
    check("self-test: a container running as root with capabilities is rejected",
          r["runs as non-root"].length && r["all capabilities dropped"].length ? [] : ["not caught"]);
  }
  {
    const d = dep();
    d.spec.replicas = "three";
    const p = await schemaProblems(d);
    check("self-test: a schema error (replicas: \"three\") is rejected", p.length ? [] : ["not caught"]);
  }
  {
    const d = dep();
    podSpecOf(d).terminationGracePeriodSeconds = 10;
    const docs = [...fixture.filter((x) => x.kind !== "Deployment"), d];
    const p = gatewayPolicy(docs)["terminationGracePeriodSeconds above preStop sleep + drain grace"];
    check("self-test: terminationGracePeriodSeconds below the drain is rejected", p.length ? [] : ["not caught"]);
  }
  {
    const d = dep();
    gw(d).args.push("--workers=$(GATEWAY_WORKRES)");
    const docs = [...fixture.filter((x) => x.kind !== "Deployment"), d];
    const p = expandArgs(gw(d), docs).problems;
    check("self-test: an undefined $(VAR) in args is rejected", p.some((x) => x.includes("GATEWAY_WORKRES")) ? [] : ["not caught"]);
  }
  {
    const np = {
      kind: "NetworkPolicy", metadata: { name: "x" },
      spec: { podSelector: { matchLabels: { "app.kubernetes.io/name": GATEWAY.name } }, policyTypes: ["Ingress", "Egress"],
              ingress: [{ ports: [{ port: 50051 }] }], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] },
    };
    const p = networkPolicyProblems([dep(), np]);
    check("self-test: a NetworkPolicy open to every source and port is rejected",
          p.some((x) => x.includes("every source")) && p.some((x) => x.includes("every port")) ? [] : [`not caught: ${JSON.stringify(p)}`]);
  }
  if (kustomizeUsable) {
    const dir = mkdtempSync(join(tmpdir(), "k8s-selftest-"));
    writeFileSync(join(dir, "kustomization.yaml"), "resources:\n  - missing.yaml\n");
    const r = render(dir);
    rmSync(dir, { recursive: true, force: true });
    check("self-test: a broken kustomization fails to render", r.error ? [] : ["rendered anyway"]);
  }
}

// -------------------------------------------------------------------- main

const kv = kustomizeVersion();
const major = Number(/^v?(\d+)/.exec(kv.version ?? "")?.[1] ?? 0);
const kustomizeUsable = major >= 4;
check(`kubectl with kustomize >= v4 is available (${kubectlPath()}: ${kv.kubectl ?? "?"}, kustomize ${kv.version ?? "none"})`,
      kustomizeUsable ? [] : [
        kv.version ? `kustomize ${kv.version} is too old (the overlays use replicas/patches)` : kv.reason,
        "Install kubectl >= 1.21 (Debian 12's kubernetes-client is 1.20 and too old), or set KUBECTL=/path/to/kubectl.",
      ]);

const overlays = readdirSync(join(k8sDir, "overlays"), { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(k8sDir, "overlays", e.name, "kustomization.yaml")))
  .map((e) => e.name).sort();
check("overlays dev and prod exist", ["dev", "prod"].filter((o) => !overlays.includes(o)).map((o) => `no overlays/${o}`));

if (kustomizeUsable) {
  for (const overlay of overlays) {
    const { docs, error } = render(join(k8sDir, "overlays", overlay));
    check(`${overlay}: renders with kubectl kustomize (${docs.length} objects)`, error ? [error] : []);
    if (error) continue;
    await checkRendered(overlay, docs);
    if (overlay === "dev") await checkDev(docs);
    if (overlay === "prod") await checkProd(docs);
  }
}

// The self-tests use the base files as they are, so they run without kubectl.
const fixture = [
  ...loadYamlFile(join(k8sDir, "base/deployment.yaml")),
  ...loadYamlFile(join(k8sDir, "base/serviceaccount.yaml")),
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "msp-gateway-config" },
    data: { GATEWAY_WORKERS: "32", GATEWAY_QUEUE_CAPACITY: "512", GATEWAY_MSP_CONNECT_TIMEOUT: "5s",
            GATEWAY_MSP_READ_TIMEOUT: "30s", GATEWAY_SHUTDOWN_GRACE: "20s",
            GATEWAY_MAX_CONNECTION_AGE: "5m" } },
];
await selfTests(fixture);

console.log(`# result ${passed} ${failed}`);
process.exitCode = failed === 0 ? 0 : 1;
