// The side-by-side benchmark of issue 10, run by bench/side_by_side.sh (which
// builds the binaries with -c opt and sets BAZEL_BIN). One load generator
// (bench/grpc_load) drives, interleaved ROUNDS times:
//   a        bare gRPC callback server with a fixed answer (bench/bare_server)
//   b        the gateway binary + the emulator binary, no delay
//   b1       the same gateway, 1 call in flight (latency)
//   direct1  POST /orders straight to the same emulator, 1 in flight
//   c        the Node @grpc/grpc-js peer (bench/node_peer/peer.mjs) + emulator
//   c1       the same peer, 1 call in flight
//   d        gateway + emulator with every POST /orders delayed DELAY_MS,
//            SLOW_IN_FLIGHT calls in flight, the gateway's default flags
//   d-limit  the same with --max_upstream_in_flight=SLOW_IN_FLIGHT, when the
//            gateway has that flag (read from its --helpfull)
//   d-node   the Node peer in the slow scenario, for comparison
//   d-direct POST /orders straight to the delayed emulator, SLOW_IN_FLIGHT
//            in flight: what the emulator itself sustains, the ceiling of
//            every d run
// then the callgrind instruction count and allocations of validate +
// translate for the seed order (bench/validate_translate_once). Prints every
// run, a table of medians and the ratios of the issue's targets. Figures
// only: the exit code says whether the benchmark ran, never whether a target
// was met.
//
// Every process gets fresh ports (port 0 and --port_file) and is stopped
// after its phase, or on any failure or Ctrl-C.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Proc, bazelBin, jsonDiff, readJson, repoRoot } from "../tests/e2e/harness.mjs";
import { translateOrder } from "./node_peer/peer.mjs";

const env = process.env;
const seconds = (value, fallback) => {
  const n = parseFloat(String(value ?? fallback).replace(/s$/, ""));
  if (!(n > 0)) throw new Error(`not a duration in seconds: ${value}`);
  return n;
};
const DURATION = seconds(env.DURATION, 5);
const LATENCY_DURATION = seconds(env.LATENCY_DURATION, DURATION);
const WARMUP = seconds(env.WARMUP, 1);
const ROUNDS = Number(env.ROUNDS ?? 3);
const IN_FLIGHT = Number(env.IN_FLIGHT ?? 16);
const SLOW_IN_FLIGHT = Number(env.SLOW_IN_FLIGHT ?? 1000);
const DELAY_MS = Number(env.DELAY_MS ?? 250);
const KEEP_LOGS = env.KEEP_LOGS === "1";
const SEED_REQUEST = "tests/testdata/seed-bancontact.request.json";
const SEED_MSP = "tests/testdata/seed-bancontact.msp.json";

const bin = (path) => join(bazelBin, path);
const logDir = mkdtempSync(join(tmpdir(), "side-by-side-"));
const running = new Set();  // Procs and load generator children

function killAll() {
  for (const p of running) {
    const child = p.child ?? p;
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}
process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

async function start(name, file, args, procEnv = {}) {
  const proc = new Proc(name, file, args, procEnv);
  running.add(proc);
  proc.portNumber = await proc.port();
  proc.address = `127.0.0.1:${proc.portNumber}`;
  return proc;
}

async function stop(proc) {
  await proc.stop();
  running.delete(proc);
  if (!KEEP_LOGS) rmSync(proc.dir, { recursive: true, force: true });
}

// Starts the processes `starters` makes, runs `body` with them, stops them.
async function withProcs(starters, body) {
  const procs = [];
  try {
    for (const starter of starters) procs.push(await starter(procs));
    return await body(...procs);
  } finally {
    for (const proc of procs.reverse()) await stop(proc);
  }
}

const emulator = () => start("emulator", bin("emulator/msp_emulator"), ["--host=127.0.0.1", "--port=0"]);
const gateway = (extra = []) => ([emu]) =>
  start("gateway", bin("service/server/msp_gateway_server"),
        ["--grpc_host=127.0.0.1", "--grpc_port=0", "--plaintext", "--admin_port=0",
         `--data_dir=${mkdtempSync(join(tmpdir(), "msp-gateway-data-"))}`, ...extra],
        { MSP_BASE_URL: `http://${emu.address}` });
const nodePeer = () => ([emu]) =>
  start("node-peer", process.execPath, [join(repoRoot, "bench/node_peer/peer.mjs"), "--port=0"],
        { MSP_BASE_URL: `http://${emu.address}` });
const bare = () => start("bare", bin("bench/bare_server"), ["--host=127.0.0.1", "--port=0"]);

async function armDelay(emu) {
  const res = await fetch(`http://${emu.address}/__emulator/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ method: "POST", path: "/v1/json/orders", kind: "delay", delay_ms: DELAY_MS, times: -1 }),
  });
  if (!res.ok) throw new Error(`arming the delay fault: HTTP ${res.status} ${await res.text()}`);
}

let runNumber = 0;
// One grpc_load run; resolves its RESULT object.
function load(label, { target, inFlight = IN_FLIGHT, mode = "grpc", watch = {}, clear, duration = DURATION }) {
  const args = [
    `--mode=${mode}`, `--target=${target}`, `--in_flight=${inFlight}`,
    `--duration=${duration}s`, `--warmup=${WARMUP}s`, `--label=${label}`,
    `--id_prefix=sbs-${process.pid}-${++runNumber}-`,
    `--request=${SEED_REQUEST}`, `--msp_body=${SEED_MSP}`,
  ];
  const watched = Object.entries(watch).map(([name, proc]) => `${name}:${proc.child.pid}`);
  if (watched.length) args.push(`--watch=${watched.join(",")}`);
  if (clear) args.push(`--clear_emulator=${clear.address}`);
  return new Promise((resolve, reject) => {
    const child = spawn(bin("bench/grpc_load"), args, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    running.add(child);
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { err += d; });
    child.on("exit", (code) => {
      running.delete(child);
      writeFileSync(join(logDir, `${runNumber}-${label.replace(/\W+/g, "_")}.log`), out + err);
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      if (code !== 0 || !line) {
        reject(new Error(`grpc_load ${label} exited ${code}: ${(err || out).slice(-2000)}`));
        return;
      }
      const result = JSON.parse(line.slice("RESULT ".length));
      const gone = Object.keys(watch).filter((name) => !proc(result, name)?.alive);
      if (gone.length) {
        reject(new Error(`${label}: ${gone.join(", ")} exited during the run`));
        return;
      }
      console.log(`  ${label.padEnd(18)} ${summaryLine(result)}`);
      resolve(result);
    });
  });
}

const proc = (result, name) => result?.processes?.find((p) => p.name === name);
const codeRate = (result, code) => result?.codes?.[code]?.per_s ?? 0;
const codeCount = (result, code) => result?.codes?.[code]?.count ?? 0;

function summaryLine(r) {
  const parts = [`${fmt(r.calls_per_s, 0)} calls/s`, `OK ${fmt(r.ok_per_s, 0)}/s`,
                 `p50 ${ms(r.latency_all.p50_us)}`, `p99 ${ms(r.latency_all.p99_us)}`];
  for (const p of r.processes) {
    parts.push(`${p.name} ${fmt(p.cpu_us_per_call, 0)} µs/call ${fmt(p.rss_mib, 0)} MiB ${p.threads} thr`);
  }
  const other = Object.keys(r.codes).filter((c) => !["OK", "HTTP_200", "HTTP_201"].includes(c));
  for (const c of other) parts.push(`${c} ${fmt(r.codes[c].per_s, 0)}/s`);
  parts.push(`load generator ${fmt(r.load_generator.cores, 2)} cores`,
             `machine ${fmt(r.machine.busy_cores, 2)} cores busy, ${fmt(r.machine.other_cores, 2)} by others`);
  return parts.join(", ");
}

function fmt(value, digits = 0) {
  if (value === undefined || value === null || Number.isNaN(value)) return "–";
  return Number(value).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
const ms = (us) => (us === undefined ? "–" : `${fmt(us / 1000, 2)} ms`);

function median(values) {
  const v = values.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

function gatewayFlags() {
  const help = spawnSync(bin("service/server/msp_gateway_server"), ["--helpfull"], { encoding: "utf8" });
  const text = `${help.stdout}${help.stderr}`;
  const line = text.split("\n").findIndex((l) => /--max_upstream_in_flight\b/.test(l));
  if (line < 0) return { hasLimit: false };
  const described = text.split("\n").slice(line, line + 4).join(" ");
  const def = /default: ([^;)]+)/.exec(described);
  return { hasLimit: true, limitDefault: def ? def[1].trim() : "?" };
}

// callgrind instructions and allocations of validate + translate, once.
function validateTranslate() {
  const binary = bin("bench/validate_translate_once");
  const native = spawnSync(binary, [], { cwd: repoRoot, encoding: "utf8" });
  if (native.status !== 0) throw new Error(`validate_translate_once: ${native.stderr}`);
  const allocs = /allocations: (\d+) \((\d+) bytes\)/.exec(native.stdout);
  const bodyBytes = /body: (\d+) bytes/.exec(native.stdout);
  const out = { allocations: Number(allocs[1]), allocBytes: Number(allocs[2]), bodyBytes: Number(bodyBytes[1]) };
  if (spawnSync("valgrind", ["--version"]).status !== 0) return { ...out, instructions: undefined, how: "valgrind not installed" };
  const clientRequests = native.stdout.includes("instrumentation: client_requests");
  const args = ["--tool=callgrind", "--collect-atstart=no", `--callgrind-out-file=${join(logDir, "callgrind.out")}`];
  const binArgs = [];
  if (!clientRequests) {
    args.push("--toggle-collect=*ValidateAndTranslateOnce*");
    binArgs.push("--warmup=false");
  }
  const run = spawnSync("valgrind", [...args, binary, ...binArgs], { cwd: repoRoot, encoding: "utf8" });
  const collected = /Collected : (\d+)/.exec(run.stderr);
  return {
    ...out,
    instructions: collected ? Number(collected[1]) : undefined,
    how: clientRequests ? "callgrind client requests around the 2nd call" : "--toggle-collect, 1st call",
  };
}

function gitDescription() {
  const rev = spawnSync("git", ["-C", repoRoot, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
  const dirty = spawnSync("git", ["-C", repoRoot, "status", "--porcelain", "--untracked-files=no"],
                          { encoding: "utf8" }).stdout.trim();
  return `${rev}${dirty ? " plus uncommitted changes" : ""}`;
}

async function round(n, flags, results) {
  const add = (key, value) => { (results[key] ??= [])[n] = value; };
  console.log(`round ${n + 1} of ${ROUNDS} (load average ${loadavg().map((x) => x.toFixed(2)).join(" ")})`);
  await withProcs([bare], async (server) => {
    add("a", await load(`a bare r${n + 1}`, { target: server.address, watch: { server } }));
  });
  await withProcs([emulator, gateway()], async (emu, server) => {
    const watch = { server, emulator: emu };
    add("b", await load(`b gateway r${n + 1}`, { target: server.address, watch, clear: emu }));
    add("b1", await load(`b1 gateway r${n + 1}`, { target: server.address, inFlight: 1, watch, clear: emu,
                                                    duration: LATENCY_DURATION }));
    add("direct1", await load(`direct1 r${n + 1}`, { target: emu.address, mode: "http_post", inFlight: 1,
                                                     watch: { emulator: emu }, clear: emu, duration: LATENCY_DURATION }));
  });
  await withProcs([emulator, nodePeer()], async (emu, server) => {
    const watch = { server, emulator: emu };
    add("c", await load(`c node r${n + 1}`, { target: server.address, watch, clear: emu }));
    add("c1", await load(`c1 node r${n + 1}`, { target: server.address, inFlight: 1, watch, clear: emu,
                                                 duration: LATENCY_DURATION }));
  });
  const slow = [["d", gateway()], ...(flags.hasLimit
    ? [["d-limit", gateway([`--max_upstream_in_flight=${SLOW_IN_FLIGHT}`])]] : []), ["d-node", nodePeer()]];
  for (const [key, starter] of slow) {
    await withProcs([emulator, starter], async (emu, server) => {
      await armDelay(emu);
      add(key, await load(`${key} r${n + 1}`, { target: server.address, inFlight: SLOW_IN_FLIGHT,
                                                watch: { server, emulator: emu }, clear: emu }));
    });
  }
  await withProcs([emulator], async (emu) => {
    await armDelay(emu);
    add("d-direct", await load(`d-direct r${n + 1}`, { target: emu.address, mode: "http_post",
                                                      inFlight: SLOW_IN_FLIGHT, watch: { emulator: emu }, clear: emu }));
  });
}

const PHASES = {
  a: "a: bare gRPC server (fixed answer)",
  b: "b: gateway + emulator",
  c: "c: Node peer + emulator",
  b1: "b1: gateway + emulator, 1 in flight",
  c1: "c1: Node peer + emulator, 1 in flight",
  direct1: "direct1: POST /orders to the emulator, 1 in flight",
  d: "d: gateway, default flags",
  "d-limit": `d-limit: gateway --max_upstream_in_flight=${SLOW_IN_FLIGHT}`,
  "d-node": "d-node: Node peer",
  "d-direct": "d-direct: POST /orders straight to the delayed emulator",
};

function table(results) {
  const m = (key, f) => median((results[key] ?? []).map(f));
  const us = (v) => (v === undefined ? "–" : `${fmt(v)} µs`);
  const mib = (v) => (v === undefined ? "–" : `${fmt(v, 1)} MiB`);
  const rows = [
    "| run | in flight | calls/s | OK/s | RESOURCE_EXHAUSTED/s | other failures/s | p50 | p99 | server CPU/call | emulator CPU/call | " +
      "server RSS | server threads | emulator threads | load generator | other processes |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const [key, name] of Object.entries(PHASES)) {
    if (!results[key]) continue;
    const server = (f) => m(key, (r) => f(proc(r, "server")));
    const emu = (f) => m(key, (r) => f(proc(r, "emulator")));
    rows.push([
      "", name, fmt(results[key][0].in_flight), fmt(m(key, (r) => r.calls_per_s)), fmt(m(key, (r) => r.ok_per_s)),
      fmt(m(key, (r) => codeRate(r, "RESOURCE_EXHAUSTED"))),
      fmt(m(key, (r) => Math.max(0, r.calls_per_s - r.ok_per_s - codeRate(r, "RESOURCE_EXHAUSTED")))),
      ms(m(key, (r) => r.latency_all.p50_us)), ms(m(key, (r) => r.latency_all.p99_us)),
      us(server((p) => p?.cpu_us_per_call)), us(emu((p) => p?.cpu_us_per_call)),
      mib(server((p) => p?.rss_mib)), fmt(server((p) => p?.threads)), fmt(emu((p) => p?.threads)),
      `${fmt(m(key, (r) => r.load_generator.cores), 2)} cores`, `${fmt(m(key, (r) => r.machine.other_cores), 2)} cores`, "",
    ].join(" | ").trim());
  }
  return rows.join("\n");
}

function ratios(results, vt, flags) {
  const perRound = (a, b, f) => (results[a] ?? []).map((r, i) => f(r, results[b]?.[i]));
  const cpu = (r) => proc(r, "server")?.cpu_us_per_call;
  const lines = [
    "| ratio | per round | median | target | met |",
    "|---|---|---|---|---|",
  ];
  const row = (name, values, digits, target, ok, unit = "") => {
    const med = median(values);
    const shown = values.map((v) => fmt(v, digits) + unit).join(", ");
    lines.push(`| ${name} | ${shown} | ${fmt(med, digits)}${unit} | ${target} | ${med === undefined || !ok ? "–" : ok(med) ? "yes" : "no"} |`);
  };
  row("gateway CPU/call ÷ bare CPU/call (16 in flight)", perRound("b", "a", (b, a) => cpu(b) / cpu(a)), 2, "≤ 2", (v) => v <= 2, "×");
  row("gateway CPU/call ÷ Node CPU/call (16 in flight)", perRound("b", "c", (b, c) => cpu(b) / cpu(c)), 2, "≤ 0.33", (v) => v <= 1 / 3, "×");
  row("gateway p50 − direct POST p50 (1 in flight)",
      perRound("b1", "direct1", (g, d) => g.latency_ok.p50_us - d.latency_ok.p50_us), 0, "≤ 150 µs", (v) => v <= 150, " µs");
  row("Node peer p50 − direct POST p50 (1 in flight, context)",
      perRound("c1", "direct1", (c, d) => c.latency_ok.p50_us - d.latency_ok.p50_us), 0, "–", null, " µs");
  const bound = SLOW_IN_FLIGHT / (DELAY_MS / 1000);
  for (const key of ["d", "d-limit", "d-node", "d-direct"]) {
    if (!results[key]) continue;
    const label = PHASES[key].split(": ")[1];
    const gw = key === "d" || key === "d-limit";  // the others are context
    row(`${label}: OK/s ÷ Little's-law bound (${fmt(SLOW_IN_FLIGHT)} / ${DELAY_MS} ms = ${fmt(bound)}/s)`,
        results[key].map((r) => (100 * r.ok_per_s) / bound), 1, gw ? "≥ 90 %" : "–", gw ? (v) => v >= 90 : null, " %");
    if (!gw) continue;
    // The emulator's own ceiling (d-direct): a gateway at 100 % of it is
    // waiting for the emulator, not for itself.
    row(`${label}: OK/s ÷ d-direct OK/s (what the delayed emulator itself sustains)`,
        perRound(key, "d-direct", (g, d) => (100 * g.ok_per_s) / d?.ok_per_s), 1, "–", null, " %");
    row(`${label}: server threads`, results[key].map((r) => proc(r, "server")?.threads), 0, "≤ 64", (v) => v <= 64);
    row(`${label}: server RSS (MiB)`, results[key].map((r) => proc(r, "server")?.rss_mib), 0, "≤ 300 MB", (v) => v <= 300 * 1e6 / 2 ** 20);
    if (key === "d-limit") {
      row(`${label}: RESOURCE_EXHAUSTED calls (${fmt(SLOW_IN_FLIGHT)} in flight = the limit)`,
          results[key].map((r) => codeCount(r, "RESOURCE_EXHAUSTED")), 0, "0", (v) => v === 0);
    }
  }
  if (!flags.hasLimit) {
    lines.push("| d-limit | not run: this gateway has no `--max_upstream_in_flight` flag | | | |");
  }
  lines.push(`| validate + translate, seed order: instructions (${vt.how}) | | ${fmt(vt.instructions)} | ≤ 30,000 | ` +
             `${vt.instructions === undefined ? "–" : vt.instructions <= 30000 ? "yes" : "no"} |`);
  lines.push(`| validate + translate, seed order: allocations (${fmt(vt.allocBytes)} bytes, ${vt.bodyBytes}-byte body) | | ` +
             `${fmt(vt.allocations)} | ≤ 10 | ${vt.allocations <= 10 ? "yes" : "no"} |`);
  return lines.join("\n");
}

async function main() {
  for (const path of ["bench/grpc_load", "bench/bare_server", "bench/validate_translate_once",
                      "service/server/msp_gateway_server", "emulator/msp_emulator"]) {
    if (!existsSync(bin(path))) throw new Error(`${bin(path)} missing: run bench/side_by_side.sh (it builds)`);
  }
  // The Node peer must send what the gateway sends for the seed order.
  const diff = jsonDiff(translateOrder(readJson(SEED_REQUEST)), readJson(SEED_MSP));
  if (diff) throw new Error(`the Node peer's translation of ${SEED_REQUEST} differs from ${SEED_MSP}: ${diff}`);

  const flags = gatewayFlags();
  console.log(`# side by side (issue 10), ${new Date().toISOString()}`);
  console.log(`tree: ${gitDescription()}; ${cpus().length} cores; node ${process.version}; ` +
              `${ROUNDS} rounds, ${DURATION} s per run (latency runs ${LATENCY_DURATION} s) after ${WARMUP} s warm-up; ` +
              `${IN_FLIGHT} in flight, slow upstream ${DELAY_MS} ms with ${SLOW_IN_FLIGHT} in flight; ` +
              `gateway --max_upstream_in_flight: ${flags.hasLimit ? `present (default ${flags.limitDefault})` : "absent"}`);
  console.log(`Node peer translation of the seed order = ${SEED_MSP}: yes`);
  console.log(`logs: ${logDir}${KEEP_LOGS ? "" : " (deleted at the end; KEEP_LOGS=1 keeps them)"}`);
  const results = {};
  for (let n = 0; n < ROUNDS; n++) await round(n, flags, results);
  const vt = validateTranslate();
  console.log(`\nmedians of ${ROUNDS} rounds (CPU per call: the process's utime+stime over the window ÷ calls in the window; ` +
              `RSS and threads at the end of the window):\n`);
  console.log(table(results));
  console.log("");
  console.log(ratios(results, vt, flags));
  console.log(`\nload average at the end: ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
}

main().then(() => {
  if (!KEEP_LOGS) rmSync(logDir, { recursive: true, force: true });
}, (error) => {
  console.error(`side_by_side: ${error.stack ?? error}`);
  console.error(`logs kept in ${logDir}`);
  killAll();
  process.exit(1);
});
