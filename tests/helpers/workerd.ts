// The edge example in the real workerd binary, as the workerd tests and bench:overhead start it:
// examples/edge/config.capnp on a free port, the built bundle and Wasm beside worker.mjs in a
// temporary folder, and a temporary disk for the Durable Objects.
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export class EdgeService {
  private proc: ChildProcess | null = null;
  readonly dir = mkdtempSync(join(tmpdir(), "hyperwasm-workerd-"));
  port = 0;

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Copies the example and the built bundle (dist/) into the temporary folder, then starts workerd. */
  async open(): Promise<void> {
    mkdirSync(join(this.dir, "data"));
    copyFileSync(join(root, "examples/edge/worker.mjs"), join(this.dir, "worker.mjs"));
    copyFileSync(join(root, "dist/edge.js"), join(this.dir, "hyperwasm.js"));
    copyFileSync(join(root, "dist/release.wasm"), join(this.dir, "release.wasm"));
    this.port = await freePort();
    await this.start();
  }

  /** Starts workerd on the folder (again, after stop(): the data folder persists). */
  async start(): Promise<void> {
    const config = readFileSync(join(root, "examples/edge/config.capnp"), "utf8")
      .replace('address = "127.0.0.1:8787"', `address = "127.0.0.1:${this.port}"`)
      .replace('path = "edge-data"', `path = "${join(this.dir, "data")}"`);
    writeFileSync(join(this.dir, "config.capnp"), config);
    this.proc = spawn(join(root, "node_modules/.bin/workerd"), ["serve", join(this.dir, "config.capnp")], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    this.proc.stderr!.on("data", (d) => (stderr += d));
    for (let i = 0; i < 200; i++) {
      try {
        await fetch(`${this.base}/e/probe/best`);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`workerd did not start: ${stderr}`);
  }

  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once("exit", r));
    p.kill("SIGKILL");
    await exited;
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  // biome-ignore lint/suspicious/noExplicitAny: tests read the JSON bodies' fields freely
  async post(path: string, body: unknown): Promise<{ status: number; body: any }> {
    const r = await fetch(this.base + path, {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: r.status, body: await r.json() };
  }
}
