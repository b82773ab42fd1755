// `hyperwasm dashboard`: serves the live dashboard on 127.0.0.1. The page is a shell that loads
// the package's own IIFE bundle (no CDN, no network) and calls `hyperwasm.mountDashboard`, which
// polls /state. /state reads the source anew on each poll: a checkpoint file (a folder means the
// newer of its live.json and checkpoint.json), or the edge example's GET /state URL; a missing or half-written file answers
// 503 with the reason, which the page shows as "waiting".
import { existsSync, readFileSync, statSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { join, resolve } from "node:path";
import { invalid } from "../errors.js";

export interface DashboardServerOptions {
  /** A run's folder (its checkpoint.json), a checkpoint file, or an http(s) URL of a state. */
  source: string;
  port?: number;
  host?: string;
}

export interface DashboardServer {
  url: string;
  close(): Promise<void>;
}

/** The IIFE bundle beside the built entry, or dist/ when running from source. */
function bundlePath(): string {
  for (const rel of ["./hyperwasm.iife.js", "../hyperwasm.iife.js", "../../dist/hyperwasm.iife.js"]) {
    const p = new URL(rel, import.meta.url).pathname;
    if (existsSync(p)) return p;
  }
  throw new Error("the dashboard needs dist/hyperwasm.iife.js: run `npm run build`");
}

const PAGE = (title: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title.replace(/[<&]/g, "")}</title></head>
<body><main id="app"></main>
<script src="/hyperwasm.iife.js"></script>
<script>
hyperwasm.mountDashboard(document.getElementById("app"), async () => {
  const r = await fetch("/state", { cache: "no-store" });
  const body = await r.json();
  if (!r.ok) throw new Error(body.waiting);
  return body;
});
</script></body></html>`;

async function readState(source: string): Promise<{ ok: true; text: string } | { ok: false; why: string }> {
  if (/^https?:\/\//.test(source)) {
    try {
      const r = await fetch(source);
      const text = await r.text();
      return r.ok ? { ok: true, text } : { ok: false, why: `${source} answered ${r.status}` };
    } catch (e) {
      return { ok: false, why: `${source} cannot be reached (${(e as Error).message})` };
    }
  }
  const file = existsSync(source) && statSync(source).isDirectory() ? newest(source) : source;
  if (!existsSync(file)) return { ok: false, why: `no ${file} yet` };
  const text = readFileSync(file, "utf8");
  try {
    JSON.parse(text);
    return { ok: true, text };
  } catch {
    return { ok: false, why: `${file} is not complete JSON yet` };
  }
}

/** A folder's live.json (written during `npm start -- --dashboard`) or checkpoint.json, whichever is newer. */
function newest(dir: string): string {
  const files = ["live.json", "checkpoint.json"].map((f) => join(dir, f)).filter((f) => existsSync(f));
  files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0] ?? join(dir, "checkpoint.json");
}

export async function serveDashboard(o: DashboardServerOptions): Promise<DashboardServer> {
  if (typeof o.source !== "string" || o.source === "")
    throw invalid("source", o.source, "a run's folder, a checkpoint file or an http(s) URL");
  const source = /^https?:\/\//.test(o.source) ? o.source : resolve(o.source);
  const bundle = bundlePath();
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE(`hyperwasm — ${o.source}`));
    } else if (path === "/hyperwasm.iife.js") {
      res.writeHead(200, { "content-type": "text/javascript" }).end(readFileSync(bundle));
    } else if (path === "/state") {
      const s = await readState(source);
      if (s.ok) res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(s.text);
      else res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ waiting: s.why }));
    } else res.writeHead(404).end();
  });
  const host = o.host ?? "127.0.0.1";
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(o.port ?? 0, host, () => ok());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${host}:${port}/`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
