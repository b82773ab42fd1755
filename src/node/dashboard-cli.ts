// `hyperwasm dashboard [folder | checkpoint | URL] [--port N] [--host H]`: serves the live
// dashboard until interrupted, printing its URL.
import { parseArgs } from "node:util";
import { ConfigError, invalid } from "../errors.js";
import { serveDashboard } from "./dashboard-server.js";

const USAGE = `Usage: hyperwasm dashboard [SOURCE] [--port N] [--host H]

Shows a run in the browser and follows it while it writes.

  SOURCE       a run's folder (its checkpoint.json; default: results, where npm start writes),
               a checkpoint file, or the URL of an edge experiment's GET /state
  --port N     port to listen on (default 8765; 0 picks a free one)
  --host H     address to listen on (default 127.0.0.1)
`;

export async function dashboardMain(argv: string[]): Promise<void> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE);
    return;
  }
  const { values, positionals } = parseArgs({
    args: argv,
    options: { port: { type: "string" }, host: { type: "string" } },
    allowPositionals: true,
  });
  const port = Number(values.port ?? 8765);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw invalid("--port", values.port, "an integer in [0, 65535]", ConfigError);
  const d = await serveDashboard({ source: positionals[0] ?? "results", port, host: values.host });
  process.stdout.write(`hyperwasm dashboard: ${d.url} (Ctrl-C stops it)\n`);
  await new Promise<void>((done) => {
    const stop = () => void d.close().then(done);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
