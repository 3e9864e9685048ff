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
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  GATEWAY, configMapOf, containerPolicy, containersOf, describe, expandArgs, flagValue, gatewayContainer, gatewayDeployment,
  gatewayPolicy, gatewayStore, grpcTransport, hpaProblems, ingressProblems, kubectlPath, kustomizeVersion, loadYamlFile, mountOf,
  namespaceProblems, networkPolicyProblems, notificationProblems, pdbProblems, podPolicy, podSpecOf,
  postgresStoreProblems, referenceProblems, render, schemaProblems, secretArgProblems, sqliteStoreProblems,
  unknownFieldProblems, workloads,
} from "./lib.mjs";
import {
  authzPolicyProblems, certificateProblems, gatewayPolicyText, grpcMethods, grpcTlsProblems, methodsNoRuleAllows,
} from "./grpc_tls.mjs";

const repoRoot = resolve(new URL("../..", import.meta.url).pathname);
const k8sDir = join(repoRoot, "deploy/k8s");
// The RPCs an authorization policy may name (proto/payments/v1).
const METHODS = grpcMethods();

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
  // Plaintext or TLS, the flags must be a combination the server starts
  // with, and the files they name must be where the kubelet updates them.
  rules(`${overlay}: gRPC transport`, grpcTlsProblems(docs));
  const policy = gatewayPolicyText(docs);
  if (policy) {
    check(`${overlay}: the authorization policy (${policy.where}) parses as the server reads it and names only RPCs of proto/payments/v1`,
          policy.text === null ? policy.problems : authzPolicyProblems(policy.text, METHODS).problems);
  }
  // The notification listener runs in every overlay (it needs only the API
  // key); what differs is whether orders are pointed at it (prod).
  rules(`${overlay}: notifications`, notificationProblems(docs));
  check(`${overlay}: no secret in any container's args (no Secret-backed $(VAR), no secret flag, no Secret value)`,
        secretArgProblems(docs));
  // Whatever the overlay, the order store is one that holds for its
  // replicas: SQLite on a volume of one replica, or a location (PostgreSQL)
  // read from a mounted Secret file.
  const store = gatewayStore(docs);
  if (store.kind === "sqlite") rules(`${overlay}: order store`, sqliteStoreProblems(docs));
  else if (store.kind === "file") rules(`${overlay}: order store`, postgresStoreProblems(docs));
  else {
    check(`${overlay}: order store is SQLite on a volume or ${GATEWAY.storeFileEnv} from a Secret`,
          [`the store is ${store.kind}${store.from ? ` (from ${store.from})` : ""}` +
             (["postgresql", "secret-env"].includes(store.kind) ? ": a DSN in the environment shows in kubectl describe or /proc" : ""),
           ...store.problems]);
  }
  const sa = docs.find((d) => d.kind === "ServiceAccount" && d.metadata?.name === GATEWAY.name);
  check(`${overlay}: ServiceAccount/${GATEWAY.name} has automountServiceAccountToken: false`,
        sa?.automountServiceAccountToken === false ? [] : ["missing, or the token is mounted"]);
}

function gatewayConfig(docs) {
  const dep = gatewayDeployment(docs);
  const c = dep && podSpecOf(dep).containers?.find((x) => x.name === GATEWAY.container);
  return c ? configMapOf(docs, c)?.data ?? {} : {};
}

// dev: SQLite on a PersistentVolumeClaim mounted at --data_dir.
function devStoreProblems(docs) {
  const problems = [];
  const store = gatewayStore(docs);
  if (store.kind !== "sqlite") return [`the order store is ${store.kind}${store.from ? ` (from ${store.from})` : ""}, not SQLite`];
  const dep = gatewayDeployment(docs);
  const pod = podSpecOf(dep);
  const c = pod.containers.find((x) => x.name === GATEWAY.container);
  const { args } = expandArgs(c, docs);
  const dataDir = (flagValue(args, "data_dir") ?? GATEWAY.defaultDataDir).replace(/\/$/, "");
  if (store.path !== `${dataDir}/orders.db`) problems.push(`the SQLite file is ${store.path}, not in --data_dir ${dataDir}`);
  const { mount, volume } = mountOf(pod, c, store.path);
  if (mount?.mountPath.replace(/\/$/, "") !== dataDir) problems.push(`no volume is mounted at --data_dir ${dataDir}`);
  const claim = volume?.persistentVolumeClaim?.claimName;
  if (!claim) problems.push(`the volume at ${dataDir} is not a PersistentVolumeClaim (records would not survive a restart)`);
  else {
    const pvc = docs.find((d) => d.kind === "PersistentVolumeClaim" && d.metadata?.name === claim);
    if (!pvc) problems.push(`PersistentVolumeClaim ${claim} is not rendered`);
    else if (!(pvc.spec?.accessModes ?? []).every((m) => m === "ReadWriteOnce" || m === "ReadWriteOncePod")) {
      problems.push(`PersistentVolumeClaim ${claim} has accessModes ${pvc.spec?.accessModes}: a shared volume invites a second writer`);
    }
  }
  return problems;
}

// Plaintext gRPC with --plaintext (base, dev): the emulator's cluster and
// the kubelet's native gRPC probes.
function plaintextProblems(docs) {
  const g = gatewayContainer(docs);
  if (!g) return [`no container ${GATEWAY.container}`];
  const t = grpcTransport(g.args);
  return [...(t.plaintext === true ? [] : [`--plaintext is ${t.plaintext === undefined ? "not passed" : "false"}: the server refuses to start without it or TLS`]),
          ...(t.tls ? ["TLS flags are set"] : [])];
}

async function checkDev(docs) {
  check("dev: every referenced ConfigMap, Secret and PersistentVolumeClaim is rendered", referenceProblems(docs));
  check("dev: plaintext gRPC, with --plaintext", plaintextProblems(docs));
  const dep = gatewayDeployment(docs);
  check("dev: one gateway replica", dep?.spec?.replicas === 1 ? [] : [`replicas ${dep?.spec?.replicas}`]);
  check("dev: the order store is SQLite on a PersistentVolumeClaim mounted at --data_dir", devStoreProblems(docs));
  const storeValue = gatewayConfig(docs)[GATEWAY.storeEnv];
  const devEnv = podSpecOf(dep).containers.find((x) => x.name === GATEWAY.container)?.env ?? [];
  check(`dev: no ${GATEWAY.storeEnv} pointing at PostgreSQL`,
        [storeValue, ...devEnv.filter((e) => e.name === GATEWAY.storeEnv).map((e) => e.value ?? "<valueFrom>")]
          .filter((v) => v !== undefined && !String(v).startsWith("sqlite:"))
          .map((v) => `${GATEWAY.storeEnv} is ${/^postgres/.test(v) ? "a PostgreSQL URI" : JSON.stringify(v)}`));
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

// prod: TLS, --client_auth=require, a policy; probes on the admin port
// (gatewayPolicy checks which kind: with TLS only httpGet).
function prodCallerAuthProblems(docs) {
  const g = gatewayContainer(docs);
  if (!g) return [`no container ${GATEWAY.container}`];
  const t = grpcTransport(g.args);
  const problems = [];
  if (!t.tls || t.plaintext) problems.push(`the gRPC port is ${t.plaintext ? "plaintext" : "not TLS"} (--plaintext ${t.plaintext}, --tls_cert_file ${t.certFile ?? "unset"})`);
  if (t.clientAuth !== "require") problems.push(`--client_auth is ${t.clientAuth}, not require: a caller without a client certificate would get in`);
  if (!t.policyFile) problems.push("no --authz_policy_file: every caller with a certificate from the CA could call every RPC");
  for (const kind of ["startupProbe", "readinessProbe", "livenessProbe"]) {
    const p = g.c[kind];
    if (!p?.httpGet || (p.httpGet.port !== "admin" && p.httpGet.port !== GATEWAY.adminPort)) problems.push(`${kind} is not httpGet on the admin port`);
  }
  return problems;
}

// prod: several replicas, whoever owns the count.
function severalReplicasProblems(docs) {
  const dep = gatewayDeployment(docs);
  const hpa = docs.find((d) => d.kind === "HorizontalPodAutoscaler" && d.spec?.scaleTargetRef?.name === GATEWAY.name);
  const problems = [];
  if (dep?.spec?.replicas !== undefined && !(dep.spec.replicas > 1)) problems.push(`Deployment replicas ${dep.spec.replicas}`);
  if (hpa && !(hpa.spec?.minReplicas > 1)) problems.push(`${describe(hpa)} minReplicas ${hpa.spec?.minReplicas}`);
  if (!hpa && dep?.spec?.replicas === undefined) problems.push("neither Deployment replicas nor an autoscaler: 1 replica");
  return problems;
}

async function checkProd(docs) {
  check("prod: every referenced ConfigMap and Secret is rendered (or written by a rendered Certificate), except the API key and store Secrets",
        referenceProblems(docs, ["msp-api-key", "msp-gateway-store"]));
  check("prod: TLS on the gRPC port, client certificates required, an authorization policy", prodCallerAuthProblems(docs));
  rules("prod: server certificate", certificateProblems(docs));
  const policy = gatewayPolicyText(docs);
  const parsed = policy?.text ? authzPolicyProblems(policy.text, METHODS).policy : null;
  check("prod: every RPC of proto/payments/v1 is allowed by some rule of the policy (else no caller can reach it)",
        parsed ? methodsNoRuleAllows(parsed, METHODS).map((m) => `no allow rule names ${m}`) : ["no policy to read"]);
  check("prod: no Secret in the manifests (the API key and the store DSN are created out of band)",
        docs.filter((d) => d.kind === "Secret").map((d) => `${describe(d)} is rendered`));
  const store = gatewayStore(docs);
  check(`prod: the order store is PostgreSQL, its DSN read from ${GATEWAY.storeFileEnv} (a Secret file)`,
        store.kind === "file" ? [] : [`the store is ${store.kind}${store.from ? ` (from ${store.from})` : ""}`, ...store.problems]);
  // checkRendered() ran these for a store file; they must hold whatever the store.
  if (store.kind !== "file") rules("prod: order store", postgresStoreProblems(docs));
  check("prod: more than one gateway replica", severalReplicasProblems(docs));
  check("prod: no PersistentVolumeClaim (replicas share PostgreSQL, not a volume)",
        docs.filter((d) => d.kind === "PersistentVolumeClaim").map((d) => `${describe(d)} is rendered`));
  const cfg = gatewayConfig(docs);
  check("prod: MSP_ENV=live and no MSP_BASE_URL override",
        [...(cfg.MSP_ENV === "live" ? [] : [`MSP_ENV is ${cfg.MSP_ENV}`]),
         ...(cfg.MSP_BASE_URL !== undefined ? [`MSP_BASE_URL is ${cfg.MSP_BASE_URL}`] : [])]);
  check("prod: no emulator", docs.filter((d) => /emulator/.test(d.metadata?.name ?? "") ||
        workloads([d]).some((w) => containersOf(podSpecOf(w)).some((c) => /emulator/.test(c.image))))
        .map((d) => `${describe(d)}`));
  check("prod: at least 3 replicas, owned by a HorizontalPodAutoscaler", hpaProblems(docs, 3));
  check("prod: a PodDisruptionBudget for the gateway", pdbProblems(docs));
  check(`prod: NetworkPolicy: 50051 from payment callers, 9090 from monitoring, ${GATEWAY.notificationPort} (notifications) ` +
        `only from the ingress controller, egress DNS + 443 + PostgreSQL only`,
        networkPolicyProblems(docs, { storePort: GATEWAY.postgresPort, notificationPort: GATEWAY.notificationPort }));
  rules("prod: notifications", ingressProblems(docs));
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
    const d = dep();
    gw(d).livenessProbe = { grpc: { port: GATEWAY.grpcPort, service: "" }, periodSeconds: 10 };
    const docs = [...fixture.filter((x) => x.kind !== "Deployment"), d];
    const p = gatewayPolicy(docs)["liveness probe on the admin port's /healthz (not gRPC health)"];
    check("self-test: a gRPC liveness probe (which follows the order store) is rejected", p.length ? [] : ["not caught"]);
  }
  {
    const d = dep();
    gw(d).args = gw(d).args.map((a) => a.startsWith("--store_timeout=") ? "--store_timeout=10s" : a);
    const docs = [...fixture.filter((x) => x.kind !== "Deployment"), d];
    const p = gatewayPolicy(docs)["terminationGracePeriodSeconds above preStop + drain grace + longest MultiSafepay call + one store write"];
    check("self-test: a drain that does not fit (store_timeout 10s) is rejected", p.length ? [] : ["not caught"]);
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
  if (rendered.dev && rendered.prod) await storeSelfTests(rendered.dev, rendered.prod);
  if (rendered.dev && rendered.prod) await notificationSelfTests(rendered.dev, rendered.prod);
  await callerAuthSelfTests(fixture, rendered.prod);
  if (kustomizeUsable) {
    const dir = mkdtempSync(join(tmpdir(), "k8s-selftest-"));
    writeFileSync(join(dir, "kustomization.yaml"), "resources:\n  - missing.yaml\n");
    const r = render(dir);
    rmSync(dir, { recursive: true, force: true });
    check("self-test: a broken kustomization fails to render", r.error ? [] : ["rendered anyway"]);
  }
}

// Broken copies of the rendered dev and prod overlays: the order store rules
// must catch each.
async function storeSelfTests(devDocs, prodDocs) {
  const copy = (docs) => structuredClone(docs);
  const gwOf = (docs) => podSpecOf(gatewayDeployment(docs)).containers.find((c) => c.name === GATEWAY.container);
  const cfgOf = (docs) => configMapOf(docs, gwOf(docs));
  const caught = (byRule, rule) => (byRule[rule] ?? ["rule missing"]).length > 0;
  {
    const docs = copy(devDocs);
    gatewayDeployment(docs).spec.replicas = 2;
    check("self-test: SQLite with 2 replicas is rejected",
          caught(sqliteStoreProblems(docs), "SQLite store: exactly one replica, no autoscaler, Recreate rollouts") ? [] : ["not caught"]);
  }
  {
    const docs = copy(devDocs);
    gatewayDeployment(docs).spec.strategy = { type: "RollingUpdate" };
    check("self-test: SQLite with a rolling update (a surge pod on the same file) is rejected",
          caught(sqliteStoreProblems(docs), "SQLite store: exactly one replica, no autoscaler, Recreate rollouts") ? [] : ["not caught"]);
  }
  {
    const docs = copy(devDocs);
    gwOf(docs).volumeMounts = gwOf(docs).volumeMounts.filter((m) => m.mountPath !== GATEWAY.defaultDataDir);
    check("self-test: SQLite without a volume at --data_dir (read-only root) is rejected",
          caught(sqliteStoreProblems(docs), "SQLite store directory is a writable volume") && devStoreProblems(docs).length ? [] : ["not caught"]);
  }
  {
    const docs = copy(devDocs);
    const pod = podSpecOf(gatewayDeployment(docs));
    pod.volumes = pod.volumes.map((v) => v.persistentVolumeClaim ? { name: v.name, emptyDir: {} } : v);
    check("self-test: dev's SQLite on an emptyDir (lost on restart) is rejected", devStoreProblems(docs).length ? [] : ["not caught"]);
  }
  {
    const docs = copy(devDocs);
    cfgOf(docs).data[GATEWAY.storeEnv] = "postgresql://gateway:secret@db:5432/orders";
    const p = devStoreProblems(docs);
    const leaks = postgresStoreProblems(docs)["no DSN or password in an env value, argument or ConfigMap"];
    check("self-test: a PostgreSQL DSN in dev's ConfigMap is rejected", p.length && leaks.length ? [] : ["not caught"]);
  }
  {
    const docs = copy(prodDocs);
    gwOf(docs).env.push({ name: GATEWAY.storeEnv, value: "postgresql://gateway:secret@db:5432/orders" });
    const r = postgresStoreProblems(docs);
    check("self-test: a DSN in an env value of prod is rejected",
          caught(r, "no DSN or password in an env value, argument or ConfigMap") &&
          caught(r, `the store location is ${GATEWAY.storeFileEnv}, a file of a mounted Secret`) ? [] : ["not caught"]);
  }
  {
    const docs = copy(prodDocs);
    cfgOf(docs).data.DATABASE_URL = "host=db user=gateway password=secret";
    check("self-test: a password in prod's ConfigMap (under any key) is rejected",
          caught(postgresStoreProblems(docs), "no DSN or password in an env value, argument or ConfigMap") ? [] : ["not caught"]);
  }
  {
    const docs = copy(prodDocs);
    gwOf(docs).env.push({ name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: "msp-gateway-store", key: "password" } } });
    check("self-test: PGPASSWORD from a secretKeyRef (in the environment) is rejected",
          caught(postgresStoreProblems(docs), "no DSN or password in an env value, argument or ConfigMap") ? [] : ["not caught"]);
  }
  {
    const docs = copy(prodDocs);
    const pod = podSpecOf(gatewayDeployment(docs));
    const file = gwOf(docs).env.find((e) => e.name === GATEWAY.storeFileEnv).value;
    const { mount } = mountOf(pod, gwOf(docs), file);
    pod.volumes = pod.volumes.map((v) => v.name === mount.name ? { name: v.name, emptyDir: {} } : v);
    check(`self-test: ${GATEWAY.storeFileEnv} outside a Secret volume is rejected`,
          caught(postgresStoreProblems(docs), `the store location is ${GATEWAY.storeFileEnv}, a file of a mounted Secret`) ? [] : ["not caught"]);
  }
  {
    const docs = copy(prodDocs);
    docs.find((d) => d.kind === "HorizontalPodAutoscaler").spec.minReplicas = 1;
    check("self-test: prod with an autoscaler down to 1 replica is rejected", severalReplicasProblems(docs).length ? [] : ["not caught"]);
  }
  {
    const docs = copy(prodDocs);
    const np = docs.find((d) => d.kind === "NetworkPolicy");
    np.spec.egress = np.spec.egress.filter((e) => !(e.ports ?? []).some((p) => p.port === GATEWAY.postgresPort));
    check("self-test: a NetworkPolicy without egress to PostgreSQL is rejected",
          networkPolicyProblems(docs, { storePort: GATEWAY.postgresPort, notificationPort: GATEWAY.notificationPort }).length
            ? [] : ["not caught"]);
  }
}

// Broken copies of the rendered overlays: the notification rules must catch
// each. `rule` names the check that must fail; every other check stays as
// it was, so a self-test cannot pass on an unrelated problem.
async function notificationSelfTests(devDocs, prodDocs) {
  const copy = (docs) => structuredClone(docs);
  const gwOf = (docs) => podSpecOf(gatewayDeployment(docs)).containers.find((c) => c.name === GATEWAY.container);
  const svcOf = (docs) => docs.find((d) => d.kind === "Service" && d.metadata?.name === GATEWAY.notificationService);
  const npOf = (docs) => docs.find((d) => d.kind === "NetworkPolicy");
  const ingOf = (docs) => docs.find((d) => d.kind === "Ingress");
  const setArg = (docs, flag, value) => {
    const c = gwOf(docs);
    c.args = c.args.map((a) => a.startsWith(`--${flag}=`) ? `--${flag}=${value}` : a);
  };
  const port = `notification port: containerPort ${GATEWAY.notificationPortName} = --notification_port = ${GATEWAY.notificationPort}`;
  const distinct = "notification port differs from the gRPC and admin ports";
  const service = `Service/${GATEWAY.notificationService} selects the gateway pods and targets only the notification port`;
  const clusterIp = "every gateway Service is ClusterIP (nothing on a node port or load balancer)";
  const baseUrl = "--notification_base_url is off or https:// without a path";
  const routes = `Ingress routes only ${GATEWAY.notificationPath} to ${GATEWAY.notificationService}`;
  const tls = "Ingress terminates TLS for every host";
  const ingressHost = "--notification_base_url is https:// on the Ingress's host";
  const np = (docs) => networkPolicyProblems(docs, { storePort: GATEWAY.postgresPort, notificationPort: GATEWAY.notificationPort });
  // Before breaking anything: the untouched renders pass every rule used
  // below, so each self-test's failure is the one it provoked.
  const clean = [
    ...Object.values(notificationProblems(devDocs)), ...Object.values(notificationProblems(prodDocs)),
    ...Object.values(ingressProblems(prodDocs)), np(prodDocs), secretArgProblems(devDocs), secretArgProblems(prodDocs),
  ].flat();
  check("self-test: the notification rules pass on the untouched dev and prod renders", clean);
  const expect = (name, problems) => check(`self-test: ${name}`, problems?.length ? [] : ["not caught"]);

  {
    const docs = copy(devDocs);
    setArg(docs, "notification_port", 8081);
    expect("--notification_port other than the declared containerPort is rejected", notificationProblems(docs)[port]);
  }
  {
    const docs = copy(prodDocs);
    setArg(docs, "notification_port", GATEWAY.grpcPort);
    gwOf(docs).ports.find((p) => p.name === GATEWAY.notificationPortName).containerPort = GATEWAY.grpcPort;
    expect("a notification port equal to the gRPC port is rejected", notificationProblems(docs)[distinct]);
  }
  {
    const docs = copy(devDocs);
    gwOf(docs).args = gwOf(docs).args.filter((a) => !a.startsWith("--notification_port="));
    expect("a gateway without --notification_port (no listener) is rejected", notificationProblems(docs)[port]);
  }
  {
    const docs = copy(prodDocs);
    svcOf(docs).spec.ports[0].targetPort = "grpc";
    expect("a notification Service that targets the gRPC port is rejected", notificationProblems(docs)[service]);
  }
  {
    const docs = copy(prodDocs);
    svcOf(docs).spec.ports.push({ name: "admin", port: GATEWAY.adminPort, targetPort: "admin", protocol: "TCP" });
    expect("a notification Service that also exposes the admin port is rejected", notificationProblems(docs)[service]);
  }
  {
    const docs = copy(devDocs);
    svcOf(docs).spec.selector = { "app.kubernetes.io/part-of": "payments" };
    expect("a notification Service whose selector also takes the emulator's pods is rejected", notificationProblems(docs)[service]);
  }
  {
    const docs = copy(prodDocs);
    svcOf(docs).spec.selector = { "app.kubernetes.io/name": "msp-gatway" };
    expect("a notification Service that selects no gateway pod is rejected", notificationProblems(docs)[service]);
  }
  {
    const docs = copy(prodDocs);
    docs.find((d) => d.kind === "Service" && d.metadata?.name === GATEWAY.name).spec.type = "LoadBalancer";
    expect("the gRPC Service as a LoadBalancer is rejected", notificationProblems(docs)[clusterIp]);
  }
  {
    const docs = copy(devDocs);
    setArg(docs, "notification_base_url", `http://${GATEWAY.notificationService}:${GATEWAY.notificationPort}`);
    expect("an http:// base URL for a non-loopback host (the server refuses it) is rejected", notificationProblems(docs)[baseUrl]);
  }
  {
    const docs = copy(prodDocs);
    setArg(docs, "notification_base_url", `https://payments-webhook.example.com${GATEWAY.notificationPath}`);
    expect("a base URL with the path already in it is rejected", notificationProblems(docs)[baseUrl]);
  }
  {
    const docs = copy(prodDocs);
    const rule = npOf(docs).spec.ingress.find((r) => r.ports.some((p) => p.port === GATEWAY.notificationPort));
    rule.from = [{ ipBlock: { cidr: "0.0.0.0/0" } }];
    expect("the notification port open to 0.0.0.0/0 instead of the ingress controller is rejected", np(docs));
  }
  {
    const docs = copy(prodDocs);
    const rule = npOf(docs).spec.ingress.find((r) => r.ports.some((p) => p.port === GATEWAY.notificationPort));
    rule.ports.push({ port: GATEWAY.grpcPort, protocol: "TCP" });
    expect("the gRPC port open to the ingress controller is rejected", np(docs));
  }
  {
    const docs = copy(prodDocs);
    const rule = npOf(docs).spec.ingress.find((r) => r.ports.some((p) => p.port === GATEWAY.adminPort));
    rule.from.push({ ipBlock: { cidr: "0.0.0.0/0" } });
    expect("the admin port open to the internet is rejected", np(docs));
  }
  {
    const docs = copy(prodDocs);
    npOf(docs).spec.ingress = npOf(docs).spec.ingress.filter((r) => !r.ports.some((p) => p.port === GATEWAY.notificationPort));
    expect("a NetworkPolicy that keeps MultiSafepay's notifications out is rejected", np(docs));
  }
  {
    const docs = copy(prodDocs);
    ingOf(docs).spec.rules[0].http.paths[0].path = "/";
    ingOf(docs).spec.rules[0].http.paths[0].pathType = "Prefix";
    expect("an Ingress for / (every path) is rejected", ingressProblems(docs)[routes]);
  }
  {
    const docs = copy(prodDocs);
    ingOf(docs).spec.rules[0].http.paths.push({
      path: "/payments.v1.PaymentService", pathType: "Prefix",
      backend: { service: { name: GATEWAY.name, port: { name: "grpc" } } } });
    expect("an Ingress that also routes to the gRPC Service is rejected", ingressProblems(docs)[routes]);
  }
  {
    const docs = copy(prodDocs);
    ingOf(docs).spec.rules[0].http.paths[0].backend.service.port = { name: "admin" };
    expect("an Ingress backend on a port the notification Service does not have is rejected", ingressProblems(docs)[routes]);
  }
  {
    const docs = copy(prodDocs);
    ingOf(docs).spec.defaultBackend = { service: { name: GATEWAY.notificationService, port: { name: GATEWAY.notificationPortName } } };
    expect("an Ingress with a defaultBackend is rejected", ingressProblems(docs)[routes]);
  }
  {
    const docs = copy(prodDocs);
    delete ingOf(docs).spec.tls;
    expect("an Ingress without TLS is rejected", ingressProblems(docs)[tls]);
  }
  {
    const docs = copy(prodDocs);
    setArg(docs, "notification_base_url", "https://elsewhere.example.com");
    expect("a base URL on a host the Ingress does not serve is rejected", ingressProblems(docs)[ingressHost]);
  }
  {
    const docs = copy(prodDocs);
    setArg(docs, "notification_base_url", "");
    expect("prod without --notification_base_url (orders would not notify the gateway) is rejected", ingressProblems(docs)[ingressHost]);
  }
  {
    const docs = copy(prodDocs);
    gwOf(docs).env.push({ name: "MSP_KEY", valueFrom: { secretKeyRef: { name: "msp-api-key", key: "api-key" } } });
    gwOf(docs).args.push("--msp_key=$(MSP_KEY)");
    expect("an argument from a Secret-backed $(VAR) is rejected", secretArgProblems(docs));
  }
  {
    const docs = copy(prodDocs);
    gwOf(docs).envFrom.push({ secretRef: { name: "msp-api-key" } });
    gwOf(docs).args.push("--notification_max_age=$(API_KEY)");
    expect("an argument from a $(VAR) of an out-of-band Secret in envFrom is rejected", secretArgProblems(docs));
  }
  {
    const docs = copy(devDocs);
    const secret = docs.find((d) => d.kind === "Secret" && d.metadata?.name.startsWith("msp-api-key"));
    const key = Buffer.from(secret.data["api-key"], "base64").toString("utf8");
    gwOf(docs).args.push(`--notification_base_url=https://${key}.example.com`);
    expect("the API key's value in an argument is rejected", secretArgProblems(docs));
  }
  {
    const docs = copy(prodDocs);
    gwOf(docs).args.push("--api_key=live_0123456789");
    expect("an --api_key flag is rejected", secretArgProblems(docs));
  }
}

// Broken copies of the base and the rendered prod overlay: the caller
// authentication rules (grpc_tls.mjs) must catch each. Each expectation names
// the rule that must fail.
async function callerAuthSelfTests(fixture, prodDocs) {
  const copy = (docs) => structuredClone(docs);
  const gwOf = (docs) => podSpecOf(gatewayDeployment(docs)).containers.find((c) => c.name === GATEWAY.container);
  const setArg = (docs, flag, value) => {
    const c = gwOf(docs);
    const args = c.args.filter((a) => !a.startsWith(`--${flag}=`));
    c.args = value === undefined ? args : [...args, `--${flag}=${value}`];
  };
  const expect = (name, problems) => check(`self-test: ${name}`, problems?.length ? [] : ["not caught"]);
  const transport = "--plaintext, or --tls_cert_file with --tls_key_file (the server refuses to start otherwise)";
  const auth = "client certificates: --client_auth none|optional|require, a client CA for optional/require, a policy only with them";
  const files = "TLS and policy files are in whole, read-only Secret or ConfigMap volumes (rotations reach the pod)";
  const h2c = "a TLS gRPC port is not announced as h2c (appProtocol)";
  const probes = `startup and readiness probes: gRPC health (plaintext) or the admin port's ${GATEWAY.readyPath}`;
  const wiring = "the server certificate, key (and CA) are the Secret a cert-manager Certificate writes (tls.crt, tls.key, ca.crt)";
  const dnsNames = "the Certificate names every gRPC Service callers dial (dnsNames)";
  const server = "the Certificate is a server certificate, renewed before expiry with a new key";
  const policyText = readFileSync(join(k8sDir, "overlays/prod/authz-policy.json"), "utf8");
  const policyWith = (edit) => { const p = JSON.parse(policyText); edit(p); return JSON.stringify(p); };
  const policyProblems = (text) => authzPolicyProblems(text, METHODS).problems;

  check("self-test: proto/payments/v1 yields PaymentService's RPCs (RefundOrder, WatchOrderEvents among them)",
        ["/payments.v1.PaymentService/RefundOrder", "/payments.v1.PaymentService/WatchOrderEvents"]
          .filter((m) => !METHODS.includes(m)).map((m) => `${m} not found in ${METHODS.length} methods`));
  {
    const docs = copy(fixture);
    setArg(docs, "plaintext", undefined);
    expect("a base without --plaintext (and without TLS) is rejected",
           grpcTlsProblems(docs)[transport]?.length && plaintextProblems(docs).length ? ["caught"] : []);
  }
  {
    const docs = copy(fixture);
    docs.find((d) => d.kind === "ConfigMap").data.GATEWAY_PLAINTEXT = "maybe";
    expect("--plaintext=maybe (not a bool) is rejected", grpcTlsProblems(docs)[transport]);
  }
  expect("a policy that is not JSON is rejected", policyProblems(policyText.replace(/\}\s*$/, "")));
  expect("a policy with a misspelled field (allow_rule) is rejected",
         policyProblems(policyWith((p) => { p.allow_rule = p.allow_rules; delete p.allow_rules; })));
  expect("a policy naming an RPC the proto does not have (DeleteOrder) is rejected",
         policyProblems(policyWith((p) => p.allow_rules[0].request.paths.push("/payments.v1.PaymentService/DeleteOrder"))));
  expect("a policy path in another package (payments.v2) is rejected",
         policyProblems(policyWith((p) => { p.allow_rules[1].request.paths = ["/payments.v2.PaymentService/*"]; })));
  expect("a policy with a \"*\" inside a path is rejected",
         policyProblems(policyWith((p) => { p.allow_rules[1].request.paths = ["/payments.v1.*/GetOrder"]; })));
  expect("a policy with two rules of the same name is rejected",
         policyProblems(policyWith((p) => { p.allow_rules[1].name = p.allow_rules[0].name; })));
  expect("a policy rule on a reserved header (grpc-timeout) is rejected",
         policyProblems(policyWith((p) => { p.allow_rules[0].request.headers = [{ key: "grpc-timeout", values: ["1S"] }]; })));
  expect("a policy with a misspelled rule field (principal) is rejected",
         policyProblems(policyWith((p) => { p.allow_rules[0].source = { principal: ["spiffe://x"] }; })));
  expect("a policy without allow_rules is rejected", policyProblems(policyWith((p) => { p.allow_rules = []; })));
  {
    const p = JSON.parse(policyWith((q) => { q.allow_rules[1].request.paths = q.allow_rules[1].request.paths.filter((x) => !x.endsWith("/RefundOrder")); }));
    expect("a policy under which no caller may call RefundOrder is reported", methodsNoRuleAllows(p, METHODS));
  }
  if (!prodDocs) return;

  const clean = [...Object.values(grpcTlsProblems(prodDocs)), ...Object.values(certificateProblems(prodDocs)),
                 gatewayPolicy(prodDocs)[probes], prodCallerAuthProblems(prodDocs)].flat();
  check("self-test: the caller authentication rules pass on the untouched prod render", clean);
  const certOf = (docs) => docs.find((d) => d.kind === "Certificate");
  const podOf = (docs) => podSpecOf(gatewayDeployment(docs));
  {
    const docs = copy(prodDocs);
    setArg(docs, "client_auth", "optional");
    expect("prod with --client_auth=optional is rejected", prodCallerAuthProblems(docs));
  }
  {
    const docs = copy(prodDocs);
    setArg(docs, "authz_policy_file", undefined);
    expect("prod without --authz_policy_file is rejected", prodCallerAuthProblems(docs));
  }
  {
    const docs = copy(prodDocs);
    configMapOf(docs, gwOf(docs)).data.GATEWAY_PLAINTEXT = "true";
    expect("prod with --plaintext=true next to the TLS flags is rejected", grpcTlsProblems(docs)[transport]);
  }
  {
    const docs = copy(prodDocs);
    setArg(docs, "tls_key_file", undefined);
    expect("--tls_cert_file without --tls_key_file is rejected", grpcTlsProblems(docs)[transport]);
  }
  {
    const docs = copy(prodDocs);
    gwOf(docs).readinessProbe = { grpc: { port: GATEWAY.grpcPort, service: GATEWAY.healthService }, periodSeconds: 5 };
    expect("a native gRPC readiness probe on the TLS port is rejected", gatewayPolicy(docs)[probes]);
  }
  {
    const docs = copy(prodDocs);
    gwOf(docs).startupProbe.httpGet.path = "/healthz";
    expect("a startup probe on /healthz (not readiness) is rejected", gatewayPolicy(docs)[probes]);
  }
  {
    const docs = copy(prodDocs);
    setArg(docs, "client_auth", "none");
    expect("--authz_policy_file with --client_auth=none is rejected", grpcTlsProblems(docs)[auth]);
  }
  {
    const docs = copy(prodDocs);
    setArg(docs, "tls_client_ca_file", undefined);
    expect("--client_auth=require without --tls_client_ca_file is rejected", grpcTlsProblems(docs)[auth]);
  }
  {
    const docs = copy(prodDocs);
    setArg(docs, "client_auth", "required");
    expect("--client_auth=required (not a value) is rejected", grpcTlsProblems(docs)[auth]);
  }
  {
    const docs = copy(prodDocs);
    const m = gwOf(docs).volumeMounts.find((v) => v.name === "grpc-tls");
    m.mountPath = "/var/run/secrets/msp-gateway-tls/tls.crt";
    m.subPath = "tls.crt";
    expect("the certificate mounted with subPath (never updated) is rejected", grpcTlsProblems(docs)[files]);
  }
  {
    const docs = copy(prodDocs);
    setArg(docs, "tls_cert_file", "/etc/msp-gateway/tls/tls.crt");
    expect("--tls_cert_file outside every mounted volume is rejected", grpcTlsProblems(docs)[files]);
  }
  {
    const docs = copy(prodDocs);
    setArg(docs, "authz_policy_file", "/etc/msp-gateway/authz/policy.json");
    expect("--authz_policy_file naming no item of its ConfigMap volume is rejected", grpcTlsProblems(docs)[files]);
  }
  {
    const docs = copy(prodDocs);
    gwOf(docs).volumeMounts.find((v) => v.name === "grpc-tls").readOnly = false;
    expect("a writable TLS volume is rejected", grpcTlsProblems(docs)[files]);
  }
  {
    const docs = copy(prodDocs);
    gwOf(docs).volumeMounts.push({ name: "authz-policy", mountPath: "/etc/msp-gateway/key", readOnly: true });
    setArg(docs, "tls_key_file", "/etc/msp-gateway/key/authz-policy.json");
    expect("a private key in a ConfigMap is rejected", grpcTlsProblems(docs)[files]);
  }
  {
    const docs = copy(prodDocs);
    docs.find((d) => d.kind === "Service" && d.metadata.name === GATEWAY.name).spec.ports[0].appProtocol = "kubernetes.io/h2c";
    expect("a TLS gRPC Service announced as h2c is rejected", grpcTlsProblems(docs)[h2c]);
  }
  {
    const docs = copy(prodDocs);
    certOf(docs).spec.dnsNames = certOf(docs).spec.dnsNames.filter((n) => !n.startsWith("msp-gateway-headless."));
    expect("a Certificate without the headless Service's name is rejected", certificateProblems(docs)[dnsNames]);
  }
  {
    const docs = copy(prodDocs);
    certOf(docs).spec.secretName = "msp-gateway-other-tls";
    expect("a Certificate writing another Secret than the one mounted is rejected", certificateProblems(docs)[wiring]);
  }
  {
    const docs = copy(prodDocs);
    setArg(docs, "tls_cert_file", "/var/run/secrets/msp-gateway-tls/ca.crt");
    expect("--tls_cert_file on the Secret's ca.crt is rejected", certificateProblems(docs)[wiring]);
  }
  {
    const docs = copy(prodDocs);
    certOf(docs).spec.privateKey.rotationPolicy = "Never";
    certOf(docs).spec.usages = ["client auth"];
    expect("a Certificate keeping its key, without server auth, is rejected", certificateProblems(docs)[server]);
  }
  {
    const docs = copy(prodDocs);
    const spec = certOf(docs).spec;
    spec.dnsName = spec.dnsNames;
    delete spec.dnsNames;
    const p = await unknownFieldProblems(certOf(docs));
    expect("a misspelled Certificate field (dnsName) is rejected", p.some((x) => x.includes("spec.dnsName")) ? p : []);
  }
  {
    const docs = copy(prodDocs);
    certOf(docs).spec.privateKey.algorithm = "DSA";
    expect("a Certificate with an unknown key algorithm (DSA) fails its schema", await schemaProblems(certOf(docs)));
  }
  {
    const docs = copy(prodDocs);
    const cm = docs.find((d) => d.kind === "ConfigMap" && d.metadata.name.startsWith("msp-gateway-authz-policy"));
    cm.data["authz-policy.json"] = cm.data["authz-policy.json"].replace("/GetGateway", "/GetGateways");
    const policy = gatewayPolicyText(docs);
    expect("the rendered policy ConfigMap naming an unknown RPC (GetGateways) is rejected",
           policy?.text ? authzPolicyProblems(policy.text, METHODS).problems : []);
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

const rendered = {};
if (kustomizeUsable) {
  for (const overlay of overlays) {
    const { docs, error } = render(join(k8sDir, "overlays", overlay));
    check(`${overlay}: renders with kubectl kustomize (${docs.length} objects)`, error ? [error] : []);
    if (error) continue;
    rendered[overlay] = docs;
    await checkRendered(overlay, docs);
    if (overlay === "dev") await checkDev(docs);
    if (overlay === "prod") await checkProd(docs);
  }
}

// The self-tests use the base files as they are, so they run without kubectl.
// The ConfigMap is the base's configMapGenerator literals, read from its
// kustomization.yaml.
const baseKustomization = loadYamlFile(join(k8sDir, "base/kustomization.yaml"))[0];
const baseLiterals = (baseKustomization.configMapGenerator ?? []).find((g) => g.name === "msp-gateway-config")?.literals ?? [];
const fixture = [
  ...loadYamlFile(join(k8sDir, "base/deployment.yaml")),
  ...loadYamlFile(join(k8sDir, "base/serviceaccount.yaml")),
  { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "msp-gateway-config" },
    data: Object.fromEntries(baseLiterals.map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)])) },
];
check("base: plaintext gRPC, with --plaintext (the dev overlay's transport)", plaintextProblems(fixture));
rules("base: gRPC transport", grpcTlsProblems(fixture));
// The example policy as a file, so it is checked without kubectl too.
const prodPolicyFile = join(k8sDir, "overlays/prod/authz-policy.json");
check("overlays/prod/authz-policy.json parses as the server reads it and names only RPCs of proto/payments/v1",
      METHODS.length ? authzPolicyProblems(readFileSync(prodPolicyFile, "utf8"), METHODS).problems : ["no rpc found in proto/payments/v1"]);
await selfTests(fixture);

console.log(`# result ${passed} ${failed}`);
process.exitCode = failed === 0 ? 0 : 1;
