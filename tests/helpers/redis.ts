// A private redis-server per test (127.0.0.1, a free port, no persistence) and worker processes
// started with the `hyperwasm worker` command from source.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";

export function redisServerPath(): string | null {
  try {
    return execFileSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export interface RedisProcess {
  port: number;
  url: string;
  proc: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** `tls`: serve TLS only (plain TCP off), with this certificate and key (PEM files). */
export async function startRedis(extra: string[] = [], tls?: { cert: string; key: string }): Promise<RedisProcess> {
  const port = await freePort();
  const listen = tls
    ? [
        "--port",
        "0",
        "--tls-port",
        String(port),
        "--tls-cert-file",
        tls.cert,
        "--tls-key-file",
        tls.key,
        "--tls-auth-clients",
        "no",
      ]
    : ["--port", String(port)];
  const proc = spawn(
    redisServerPath()!,
    [...listen, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", ...extra],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  proc.stdout!.on("data", (d) => (out += d));
  for (let i = 0; i < 200 && !out.includes("Ready to accept connections"); i++)
    await new Promise((r) => setTimeout(r, 25));
  if (!out.includes("Ready to accept connections")) throw new Error(`redis-server did not start:\n${out}`);
  return {
    port,
    url: `${tls ? "rediss" : "redis"}://127.0.0.1:${port}`,
    proc,
    stop: async (signal = "SIGTERM") => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill(signal);
      await new Promise((r) => proc.once("exit", r));
    },
  };
}

const cli = new URL("../../src/runtime/distributed/cli.ts", import.meta.url).pathname;

export interface WorkerProcess {
  proc: ChildProcess;
  output(): string;
  /** Resolves when the worker printed its start line. */
  ready: Promise<void>;
  exited: Promise<number | null>;
}

export function startWorker(args: string[], env: Record<string, string> = {}): WorkerProcess {
  const proc = spawn(process.execPath, ["--import", "tsx", cli, "worker", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let out = "";
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  const onData = (d: Buffer) => {
    out += d;
    if (out.includes("hyperwasm worker ")) markReady();
  };
  proc.stdout!.on("data", onData);
  proc.stderr!.on("data", onData);
  const exited = new Promise<number | null>((r) => proc.once("exit", (code) => (markReady(), r(code))));
  return { proc, output: () => out, ready, exited };
}

export async function stopWorkers(ws: WorkerProcess[]): Promise<void> {
  for (const w of ws) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill("SIGKILL");
  await Promise.all(ws.map((w) => w.exited));
}
