// Shared pieces of the end-to-end checks: start the real server and emulator
// binaries on 127.0.0.1 with ephemeral ports, run commands, count results.
import { spawn, execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const repoRoot = resolve(new URL("../..", import.meta.url).pathname);
export const bazelBin = process.env.BAZEL_BIN ?? join(repoRoot, "bazel-bin");
export const buf = join(repoRoot, "node_modules/.bin/buf");

// A started child process whose stderr goes to a log file.
export class Proc {
  constructor(name, file, args, env) {
    this.dir = mkdtempSync(join(tmpdir(), `e2e-${name}-`));
    this.logPath = join(this.dir, "stderr.log");
    this.portFile = join(this.dir, "port");
    const log = openSync(this.logPath, "a");
    this.child = spawn(file, [...args, `--port_file=${this.portFile}`], {
      env: { ...process.env, ...env },
      stdio: ["ignore", log, log],
    });
    this.exited = new Promise((res) => this.child.on("exit", (code, signal) => res({ code, signal })));
  }
  async port(timeoutMs = 15000) {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (existsSync(this.portFile)) {
        const text = readFileSync(this.portFile, "utf8").trim();
        if (/^\d+$/.test(text)) return Number(text);
      }
      if (this.child.exitCode !== null) break;
      await sleep(50);
    }
    throw new Error(`${this.logPath}: no port (log: ${this.log().slice(-2000)})`);
  }
  log() {
    return existsSync(this.logPath) ? readFileSync(this.logPath, "utf8") : "";
  }
  async stop(signal = "SIGTERM") {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

export async function startEmulator(env = {}) {
  const proc = new Proc("emulator", join(bazelBin, "emulator/msp_emulator"),
                        ["--host=127.0.0.1", "--port=0"], env);
  proc.url = `http://127.0.0.1:${await proc.port()}`;
  return proc;
}

export async function startServer(env = {}, args = []) {
  // Each server its own embedded order store unless the test gives one.
  const store = args.some((a) => a.startsWith("--data_dir")) || env.MSP_GATEWAY_STORE
    ? [] : [`--data_dir=${mkdtempSync(join(tmpdir(), "msp-gateway-data-"))}`];
  const proc = new Proc("server", join(bazelBin, "service/server/msp_gateway_server"),
                        ["--grpc_host=127.0.0.1", "--grpc_port=0", "--admin_port=0",
                         // TLS tests pass --tls_* flags instead.
                         ...(args.some((a) => a.startsWith("--tls_")) ? [] : ["--plaintext"]),
                         ...store, ...args], env);
  proc.address = `127.0.0.1:${await proc.port()}`;
  // The "serving" log line (written before the port file) names the admin port.
  const serving = proc.log().split("\n").find((l) => l.includes('"event":"serving"'));
  const adminPort = serving ? JSON.parse(serving).admin_port : -1;
  proc.adminUrl = adminPort > 0 ? `http://127.0.0.1:${adminPort}` : null;
  return proc;
}

// Runs a command; resolves {code, stdout, stderr} (never rejects on exit code).
export function run(file, args, options = {}) {
  return new Promise((res) => {
    execFile(file, args, { timeout: 60000, maxBuffer: 16 << 20, ...options }, (error, stdout, stderr) => {
      res({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

// buf curl through reflection only, as grpcurl users would.
// `options` go to run() (e.g. a short timeout that ends a stream).
export function bufCurl(address, args, options = {}) {
  return run(buf, ["curl", "--protocol", "grpc", "--http2-prior-knowledge", ...args.slice(0, -1),
                   `http://${address}${args[args.length - 1]}`], options);
}

// The JSON values printed one after another (buf curl's stream output).
export function parseJsonSequence(text) {
  const values = [];
  let depth = 0, start = -1, inString = false, escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === "\\") escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === "{") {
      if (depth++ === 0) start = i;
    } else if (c === "}" && --depth === 0) {
      values.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return values;
}

// A loopback TCP port free right now (for a listener whose URL must be
// known before its server starts).
export async function freePort() {
  const { createServer } = await import("node:net");
  return new Promise((res, rej) => {
    const probe = createServer();
    probe.once("error", rej);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => res(port));
    });
  });
}

// Tiny TAP-like runner: checks run in order; each prints ok / not ok.
export class Checks {
  constructor() { this.passed = 0; this.failed = 0; }
  async check(name, fn) {
    try {
      await fn();
      this.passed++;
      console.log(`ok - ${name}`);
    } catch (e) {
      this.failed++;
      console.log(`not ok - ${name}\n  ${String(e?.stack ?? e).split("\n").join("\n  ")}`);
    }
  }
  summary() {
    console.log(`# result ${this.passed} ${this.failed}`);
    return this.failed === 0 ? 0 : 1;
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// Deep equality of parsed JSON values, with the first difference's path.
export function jsonDiff(a, b, path = "$") {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) {
    return `${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
  }
  if (a && typeof a === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = jsonDiff(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
}

export function readJson(relPath) {
  return JSON.parse(readFileSync(join(repoRoot, relPath), "utf8"));
}
