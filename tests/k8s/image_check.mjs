// Checks of the container image recipes in deploy/image.
//
//   node tests/k8s/image_check.mjs
//
// Always (no podman needed): the Dockerfile installs from tools/apt-packages.txt
// and builds the same Bazel targets as build.sh; Dockerfile, Containerfiles and
// the Kubernetes manifests agree on user, ports and entrypoints.
// When podman is installed: runs deploy/image/build.sh (--fast, into a temp
// directory), opens each OCI archive and checks its config and files, and,
// when running as root, starts the image's own file system with chroot as
// user 65532 (what a container would do; `podman run` is not possible on
// every machine): emulator + gateway, health, admin port and one CreateOrder.
// IMAGE_CHECK_OPT=1 builds with -c opt (as `./dev image` does) instead.
//
// Prints one "ok - ..." / "not ok - ..." line per check (a "# skip" line for
// the podman part when podman is missing) and "# result <passed> <failed>".
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { grpcTransport, loadYamlFile, podSpecOf } from "./lib.mjs";

const repoRoot = resolve(new URL("../..", import.meta.url).pathname);
const imageDir = join(repoRoot, "deploy/image");
const read = (p) => readFileSync(join(repoRoot, p), "utf8");

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    const problems = (await fn()) ?? [];
    if (problems.length === 0) {
      passed++;
      console.log(`ok - ${name}`);
      return true;
    }
    failed++;
    console.log(`not ok - ${name}\n  ${problems.join("\n  ")}`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}\n  ${String(e?.stack ?? e).split("\n").join("\n  ")}`);
  }
  return false;
}

// ------------------------------------------------------ Dockerfile parsing

// Instructions of a Dockerfile, with continuation lines joined, grouped by
// stage: [{ name, from, instructions: [{ op, args }] }].
function parseDockerfile(text) {
  const lines = text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const stages = [];
  for (const line of lines) {
    const [, op, args] = line.match(/^(\S+)\s*(.*)$/);
    const OP = op.toUpperCase();
    if (OP === "FROM") {
      const m = args.match(/^(\S+)(?:\s+AS\s+(\S+))?/i);
      stages.push({ from: m[1], name: m[2] ?? null, instructions: [] });
    } else if (stages.length) {
      stages.at(-1).instructions.push({ op: OP, args });
    }
  }
  return stages;
}

// The effective USER / EXPOSE / ENTRYPOINT / CMD / ENV of a stage, following
// FROM <earlier stage>.
function stageConfig(stages, stage) {
  const base = stages.find((s) => s.name && s.name === stage.from);
  const cfg = base ? stageConfig(stages, base) : { user: null, expose: [], entrypoint: null, cmd: null, env: {} };
  const out = { ...cfg, expose: [...cfg.expose], env: { ...cfg.env } };
  for (const { op, args } of stage.instructions) {
    if (op === "USER") out.user = args;
    if (op === "EXPOSE") out.expose.push(...args.split(/\s+/).map((p) => Number(p.split("/")[0])));
    if (op === "ENTRYPOINT") out.entrypoint = JSON.parse(args);
    if (op === "CMD") out.cmd = JSON.parse(args);
    if (op === "ENV") {
      const m = args.match(/^([A-Za-z_][A-Za-z0-9_]*)[= ](.*)$/);
      if (m) out.env[m[1]] = m[2];
    }
  }
  return out;
}

const bazelTargets = (text) => [...new Set(text.match(/\/\/deploy\/image:[A-Za-z0-9_]+/g) ?? [])].sort();
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const dockerfile = parseDockerfile(read("deploy/image/Dockerfile"));
const containerfiles = {
  gateway: parseDockerfile(read("deploy/image/Containerfile")),
  emulator: parseDockerfile(read("deploy/image/Containerfile.emulator")),
};
const dockerStage = { gateway: dockerfile.find((s) => s.name === "gateway"), emulator: dockerfile.find((s) => s.name === "emulator") };

await check("Dockerfile installs exactly tools/apt-packages.txt (the list tools/setup.sh uses)", () => {
  const build = dockerfile.find((s) => s.name === "build");
  if (!build) return ["no `build` stage"];
  const problems = [];
  const copy = build.instructions.find((i) => i.op === "COPY" && /^tools\/apt-packages\.txt\s/.test(i.args));
  if (!copy) return ["the build stage does not COPY tools/apt-packages.txt"];
  const dest = copy.args.split(/\s+/).at(-1);
  const install = build.instructions.find((i) => i.op === "RUN" && i.args.includes(dest) && /apt-get install/.test(i.args));
  if (!install) problems.push(`no RUN that installs the packages listed in ${dest}`);
  if (/apt-get install[^|&;]*\s[a-z0-9][a-z0-9+.-]+-dev\b/.test(install?.args ?? "")) {
    problems.push("the build stage names -dev packages itself; add them to tools/apt-packages.txt instead");
  }
  if (!/grep\s+-Ev\s+'\^(\\s|\[\[:space:\]\])\*\(#\|\$\)'/.test(install?.args ?? "")) {
    problems.push("the package list is not filtered like tools/setup.sh does (comments and blank lines)");
  }
  if (!read("tools/setup.sh").includes("tools/apt-packages.txt")) problems.push("tools/setup.sh no longer reads tools/apt-packages.txt");
  return problems;
});

await check("apt-packages.txt has ca-certificates (the images copy its bundle)", () =>
  read("tools/apt-packages.txt").split("\n").some((l) => l.trim() === "ca-certificates") ? [] : ["ca-certificates missing"]);

await check("Dockerfile builds the same Bazel targets as build.sh", () => {
  const fromDocker = bazelTargets(read("deploy/image/Dockerfile"));
  const fromBuild = bazelTargets(read("deploy/image/build.sh"));
  return same(fromDocker, fromBuild) ? [] : [`Dockerfile ${fromDocker.join(" ")} vs build.sh ${fromBuild.join(" ")}`];
});

for (const name of ["gateway", "emulator"]) {
  await check(`Containerfile${name === "emulator" ? ".emulator" : ""}: FROM scratch, no RUN, numeric non-root USER`, () => {
    const stages = containerfiles[name];
    const problems = [];
    if (stages.length !== 1 || stages[0].from !== "scratch") problems.push("not a single FROM scratch stage");
    if (stages.some((s) => s.instructions.some((i) => i.op === "RUN"))) problems.push("has RUN (cannot build where containers cannot run)");
    const user = stageConfig(stages, stages[0]).user ?? "";
    if (!/^[1-9]\d*:[1-9]\d*$/.test(user)) problems.push(`USER is "${user}", not numeric uid:gid > 0`);
    return problems;
  });
  await check(`${name}: Dockerfile stage and Containerfile agree (user, ports, entrypoint, cmd)`, () => {
    if (!dockerStage[name]) return [`no ${name} stage in the Dockerfile`];
    const a = stageConfig(dockerfile, dockerStage[name]);
    const b = stageConfig(containerfiles[name], containerfiles[name][0]);
    const problems = [];
    for (const k of ["user", "entrypoint", "cmd"]) if (!same(a[k], b[k])) problems.push(`${k}: ${JSON.stringify(a[k])} vs ${JSON.stringify(b[k])}`);
    if (!same([...a.expose].sort(), [...b.expose].sort())) problems.push(`EXPOSE ${a.expose} vs ${b.expose}`);
    if (name === "gateway" && a.env.SSL_CERT_FILE !== b.env.SSL_CERT_FILE) problems.push(`SSL_CERT_FILE ${a.env.SSL_CERT_FILE} vs ${b.env.SSL_CERT_FILE}`);
    return problems;
  });
}

// The server refuses to start with neither --plaintext nor TLS
// (service/callers/server_tls.h): the image's own command must say which.
await check("the gateway image's CMD starts the server: --plaintext, or --tls_cert_file with --tls_key_file", () => {
  const problems = [];
  for (const [where, cfg] of [["Containerfile", stageConfig(containerfiles.gateway, containerfiles.gateway[0])],
                              ["Dockerfile", dockerStage.gateway && stageConfig(dockerfile, dockerStage.gateway)]]) {
    if (!cfg) { problems.push(`${where}: no gateway stage`); continue; }
    const t = grpcTransport(cfg.cmd ?? []);
    if (!t.plaintext && !(t.certFile && t.keyFile)) problems.push(`${where}: CMD ${JSON.stringify(cfg.cmd)} passes neither`);
    if (t.plaintext && t.tls) problems.push(`${where}: CMD passes both --plaintext and TLS flags`);
  }
  return problems;
});

await check("the gateway image finds CA certificates (SSL_CERT_FILE points at the copied bundle)", () => {
  const cfg = stageConfig(containerfiles.gateway, containerfiles.gateway[0]);
  const copies = containerfiles.gateway[0].instructions.filter((i) => i.op === "COPY").map((i) => i.args.split(/\s+/).at(-1));
  return cfg.env.SSL_CERT_FILE && copies.includes(cfg.env.SSL_CERT_FILE) ? [] : [`SSL_CERT_FILE=${cfg.env.SSL_CERT_FILE}, copied: ${copies}`];
});

await check("images and Kubernetes manifests agree (uid, ports)", () => {
  const problems = [];
  const passwd = read("deploy/image/rootfs/etc/passwd");
  const pairs = [
    ["gateway", loadYamlFile(join(repoRoot, "deploy/k8s/base/deployment.yaml")).find((d) => d.kind === "Deployment")],
    ["emulator", loadYamlFile(join(repoRoot, "deploy/k8s/overlays/dev/emulator.yaml")).find((d) => d.kind === "Deployment")],
  ];
  for (const [name, dep] of pairs) {
    const img = stageConfig(containerfiles[name], containerfiles[name][0]);
    const [uid, gid] = (img.user ?? "").split(":").map(Number);
    if (!new RegExp(`^[^:]+:x:${uid}:${gid}:`, "m").test(passwd)) problems.push(`rootfs/etc/passwd has no entry for ${uid}:${gid}`);
    const pod = podSpecOf(dep);
    for (const c of pod.containers) {
      const runAs = c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
      if (runAs !== uid) problems.push(`${name}: runAsUser ${runAs} but the image's USER is ${uid}`);
      const ports = (c.ports ?? []).map((p) => p.containerPort).sort();
      if (!same(ports, [...img.expose].sort())) problems.push(`${name}: containerPorts ${ports} but EXPOSE ${img.expose}`);
    }
  }
  return problems;
});

// ------------------------------------------------------------- with podman

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 256 << 20, ...opts });
  if (r.error) throw r.error;
  return r;
}

// Extracts an OCI archive's single image: { config, root } with the layers
// unpacked into `root`.
function openOciArchive(archive, dir) {
  const layout = join(dir, "layout");
  const root = join(dir, "root");
  run("mkdir", ["-p", layout, root]);
  const t = run("tar", ["-xf", archive, "-C", layout]);
  if (t.status !== 0) throw new Error(`tar: ${t.stderr}`);
  if (!existsSync(join(layout, "oci-layout"))) throw new Error("no oci-layout file: not an OCI archive");
  const blob = (digest) => join(layout, "blobs", ...digest.split(":"));
  const index = JSON.parse(readFileSync(join(layout, "index.json"), "utf8"));
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0].digest), "utf8"));
  const config = JSON.parse(readFileSync(blob(manifest.config.digest), "utf8"));
  for (const layer of manifest.layers) {
    const x = run("tar", ["-xf", blob(layer.digest), "-C", root, "--same-owner", "--numeric-owner"]);
    if (x.status !== 0) throw new Error(`layer ${layer.digest}: ${x.stderr}`);
  }
  return { config, root, manifest };
}

// Starts `bin` inside `root` with chroot as 65532:65532; resolves the first
// stderr line matching `ready`. Returns { child, match, log }.
async function startInRoot(root, args, env, ready, timeoutMs = 15000) {
  // A clean environment, as in a container: only `env`.
  const child = spawn(chrootPath, ["--userspec=65532:65532", root, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const onData = (d) => { log += d; };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const m = log.match(ready);
    if (m) return { child, match: m, log: () => log };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  child.kill("SIGKILL");
  throw new Error(`${args[0]} did not start: ${log.slice(-2000)}`);
}

async function stop(p) {
  if (!p || p.child.exitCode !== null) return p?.child.exitCode;
  const exited = new Promise((res) => p.child.on("exit", (code, signal) => res(code ?? signal)));
  p.child.kill("SIGTERM");
  const r = await Promise.race([exited, sleep(15000).then(() => "timeout")]);
  if (r === "timeout") p.child.kill("SIGKILL");
  return r;
}

const hasPodman = run("sh", ["-c", "command -v podman"]).status === 0;
// chroot is in /usr/sbin, which is not on every user's PATH.
const chrootPath = ["/usr/sbin/chroot", "/usr/bin/chroot", "/sbin/chroot"].find((p) => existsSync(p)) ?? null;
if (!hasPodman) {
  console.log("# skip - podman not installed: image build not checked (./dev image installs it; or apt-get install podman)");
} else {
  const out = mkdtempSync(join(tmpdir(), "image-check-"));
  const tag = "image-check";
  const archives = {};
  try {
    const built = await check(`build.sh builds both images into OCI archives${process.env.IMAGE_CHECK_OPT ? " (-c opt)" : " (--fast)"}`, () => {
      const args = ["--tag", tag, "--out", out, ...(process.env.IMAGE_CHECK_OPT ? [] : ["--fast"])];
      const r = run(join(imageDir, "build.sh"), args, { cwd: repoRoot });
      if (r.status !== 0) return [`build.sh exited ${r.status}`, ...(r.stderr + r.stdout).split("\n").filter((l) => !/warning: Using/.test(l)).slice(-25)];
      for (const name of ["msp-gateway", "msp-emulator"]) {
        const file = join(out, `${name}-${tag}.oci.tar`);
        if (!existsSync(file)) return [`no ${file}`];
        archives[name] = file;
        console.log(`# ${name}: archive ${(statSync(file).size / 2 ** 20).toFixed(1)} MiB`);
      }
      return [];
    });

    const images = {};
    if (built) {
      for (const [name, binary, ports] of [["msp-gateway", "msp_gateway_server", [50051, 9090, 8080]], ["msp-emulator", "msp_emulator", [18080]]]) {
        await check(`${name}: OCI image config (user 65532, ports, entrypoint) and files`, () => {
          const img = openOciArchive(archives[name], join(out, name));
          images[name] = img;
          const c = img.config.config ?? {};
          const problems = [];
          if (c.User !== "65532:65532") problems.push(`User ${c.User}`);
          const exposed = Object.keys(c.ExposedPorts ?? {}).map((p) => Number(p.split("/")[0])).sort();
          if (!same(exposed, [...ports].sort())) problems.push(`ExposedPorts ${exposed}`);
          if (!same(c.Entrypoint, [`/usr/local/bin/${binary}`])) problems.push(`Entrypoint ${JSON.stringify(c.Entrypoint)}`);
          const files = ["etc/passwd", "etc/group", "etc/nsswitch.conf", `usr/local/bin/${binary}`,
                         ...(name === "msp-gateway" ? ["etc/ssl/certs/ca-certificates.crt"] : [])];
          for (const f of files) if (!existsSync(join(img.root, f))) problems.push(`no /${f}`);
          const bin = join(img.root, "usr/local/bin", binary);
          if (existsSync(bin)) {
            const st = statSync(bin);
            if ((st.mode & 0o777) !== 0o755) problems.push(`/usr/local/bin/${binary} mode ${(st.mode & 0o777).toString(8)}`);
            if (process.getuid?.() === 0 && st.uid !== 0) problems.push(`/usr/local/bin/${binary} owned by ${st.uid}, writable by the app user?`);
            const elf = run("readelf", ["-l", "-d", bin]);
            if (/INTERP|NEEDED/.test(elf.stdout)) problems.push(`/usr/local/bin/${binary} is dynamically linked`);
          }
          const other = readdirSync(img.root).filter((f) => !["etc", "usr"].includes(f));
          if (other.length) problems.push(`unexpected top-level entries: ${other.join(" ")}`);
          const size = img.manifest.layers.reduce((n, l) => n + l.size, 0);
          console.log(`# ${name}: ${(size / 2 ** 20).toFixed(1)} MiB of layers (compressed)`);
          return problems;
        });
      }
    }

    const isRoot = process.getuid?.() === 0;
    const haveChroot = chrootPath !== null;
    if (!images["msp-gateway"] || !images["msp-emulator"]) {
      console.log("# skip - images not built: the image's file system was not started");
    } else if (!isRoot || !haveChroot) {
      console.log("# skip - not root (or no chroot): the image's file system was not started");
    } else {
      let emulator, gateway;
      try {
        await check("the images' file systems run as 65532 (chroot): emulator + gateway, health, admin, CreateOrder", async () => {
          const problems = [];
          emulator = await startInRoot(images["msp-emulator"].root,
            ["/usr/local/bin/msp_emulator", "--host=127.0.0.1", "--port=0"],
            { MSP_EMULATOR_API_KEY: "image-check-key" }, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
          const emulatorUrl = emulator.match[1];
          gateway = await startInRoot(images["msp-gateway"].root,
            ["/usr/local/bin/msp_gateway_server", "--grpc_host=127.0.0.1", "--grpc_port=0", "--plaintext", "--admin_port=0"],
            { MSP_BASE_URL: emulatorUrl, MSP_API_KEY: "image-check-key",
              SSL_CERT_FILE: "/etc/ssl/certs/ca-certificates.crt" },
            /^\{.*"event":"serving".*\}$/m);
          const serving = JSON.parse(gateway.match[0]);
          const grpc = `http://127.0.0.1:${serving.grpc_port}`;
          const buf = join(repoRoot, "node_modules/.bin/buf");
          const curl = (args) => run(buf, ["curl", "--protocol", "grpc", "--http2-prior-knowledge", ...args]);
          const health = curl(["-d", '{"service":"payments.v1.PaymentService"}', `${grpc}/grpc.health.v1.Health/Check`]);
          if (!/"SERVING"/.test(health.stdout)) problems.push(`health: ${health.stdout}${health.stderr}`);
          const order = curl(["-d", `@${join(repoRoot, "tests/testdata/bancontact-redirect.request.json")}`,
                              `${grpc}/payments.v1.PaymentService/CreateOrder`]);
          if (!/"paymentUrl":\s*"https:\/\/testpayv2\.multisafepay\.com\/connect\//.test(order.stdout)) {
            problems.push(`CreateOrder: ${order.stdout}${order.stderr}`);
          }
          if (serving.admin_port) {
            const ready = await fetch(`http://127.0.0.1:${serving.admin_port}/readyz`);
            if (ready.status !== 200) problems.push(`/readyz: HTTP ${ready.status}`);
            const metrics = await (await fetch(`http://127.0.0.1:${serving.admin_port}/metrics`)).text();
            if (!metrics.includes("msp_gateway_rpc_requests_total")) problems.push("/metrics lacks msp_gateway_rpc_requests_total");
          } else {
            problems.push(`no admin_port in the serving line: ${gateway.match[0]}`);
          }
          const code = await stop(gateway);
          if (code !== 0) problems.push(`gateway exited ${code} on SIGTERM`);
          return problems;
        });
      } finally {
        await stop(gateway);
        await stop(emulator);
      }
    }
  } finally {
    // Extracted layers are owned by root / 65532: remove as we are.
    rmSync(out, { recursive: true, force: true });
    run("podman", ["rmi", "--force", `localhost/msp-gateway:${tag}`, `localhost/msp-emulator:${tag}`]);
  }
}

console.log(`# result ${passed} ${failed}`);
process.exitCode = failed === 0 ? 0 : 1;
