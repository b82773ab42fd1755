// `hyperwasm worker …`: a worker process for distributed runs. It imports the trainer from a
// local module named on the command line; jobs carry only configs, which are checked against
// that trainer's search space before anything runs.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError, HpoError, invalid } from "../../errors.js";
import type { Trainer } from "../../space/args.js";
import { describeTarget, redisOptions } from "./target.js";

const USAGE = `Usage: hyperwasm worker --redis URL --queue NAME --trainer MODULE[#EXPORT] [options]

Runs trials of a distributed experiment (hyperwasm/distributed) on this machine.
(hyperwasm dashboard --help: the live dashboard of a run.)

  --redis URL             redis://host:6379, or rediss://user@host:6380 for TLS; the password
                          may be left out and come from the environment (HYPERWASM_REDIS_PASSWORD)
  --queue NAME            the experiment name the scheduler uses: distributed({ experiment })
  --trainer MODULE#EXPORT local module exporting an args() trainer (EXPORT defaults to default)
  --concurrency N         trials at once (default 1; tfjs-wasm is single-threaded, so one per core)
  --prefix P              Redis key prefix (default hyperwasm)
  --lock-duration MS      a trial whose worker is silent this long is failed (default 30000)
  --stalled-interval MS   how often to look for such trials (default: the lock duration)
  --tls-ca FILE           CA certificate (PEM) for rediss://
  --quiet                 no line per finished trial
`;

async function loadTrainer(spec: string): Promise<Trainer> {
  const hash = spec.lastIndexOf("#");
  const [file, name] = hash > 0 ? [spec.slice(0, hash), spec.slice(hash + 1)] : [spec, "default"];
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
  } catch (e) {
    const missing = (e as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && !existsSync(resolve(file));
    if (!missing) throw e;
    throw invalid("--trainer", spec, `a module that exists (there is no ${resolve(file)})`, ConfigError);
  }
  const t = mod[name] as Trainer | undefined;
  if (!t || typeof t.fn !== "function")
    throw invalid(
      "--trainer",
      spec,
      `a module whose export '${name}' is a trainer made with args(spec, fn)`,
      ConfigError,
    );
  return t;
}

function intOption(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw invalid(`--${name}`, v, `an integer >= ${min}`, ConfigError);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (argv[0] !== "worker") {
    process.stderr.write(`Unknown command ${JSON.stringify(argv[0])}\n\n${USAGE}`);
    return 2;
  }
  const { values } = parseArgs({
    args: argv.slice(1),
    options: {
      redis: { type: "string" },
      queue: { type: "string" },
      trainer: { type: "string" },
      concurrency: { type: "string" },
      prefix: { type: "string" },
      "lock-duration": { type: "string" },
      "stalled-interval": { type: "string" },
      "tls-ca": { type: "string" },
      quiet: { type: "boolean" },
    },
  });
  for (const k of ["redis", "queue", "trainer"] as const)
    if (!values[k]) throw invalid(`--${k}`, values[k], "given (see hyperwasm worker --help)", ConfigError);
  const redis = redisOptions(values.redis!, values["tls-ca"] ? { tls: { ca: readFileSync(values["tls-ca"]) } } : {});
  const trainer = await loadTrainer(values.trainer!);
  const { serveQueue } = await import("./worker.js").catch((e: { code?: string; message?: string }) => {
    if (e.code === "ERR_MODULE_NOT_FOUND" && /bullmq|ioredis/.test(e.message ?? "")) {
      throw new ConfigError(
        "hyperwasm worker needs the optional packages bullmq and ioredis: npm install bullmq ioredis",
      );
    }
    throw e;
  });
  const concurrency = intOption("concurrency", values.concurrency, 1) ?? 1;
  const log = values.quiet ? undefined : { info: (m: string) => console.log(m), warn: (m: string) => console.warn(m) };
  const w = await serveQueue(trainer, {
    redis,
    experiment: values.queue!,
    prefix: values.prefix,
    concurrency,
    lockDuration: intOption("lock-duration", values["lock-duration"], 100),
    stalledInterval: intOption("stalled-interval", values["stalled-interval"], 100),
    logger: log ?? { info() {}, warn: (m) => console.warn(m) },
  });
  console.log(
    `hyperwasm worker ${process.pid}: experiment ${values.queue} on ${describeTarget(redis)}, ${concurrency} at a time, trainer ${values.trainer}`,
  );
  return await new Promise<number>((done) => {
    let signals = 0;
    const stop = () => {
      signals++;
      if (signals === 1) console.log("stopping after the running trials (again to stop now)");
      void w.close(signals > 1).then(() => done(0));
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    const usage = e instanceof ConfigError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    console.error(e instanceof HpoError || usage ? `${(e as Error).name}: ${(e as Error).message}` : e);
    process.exit(usage ? 2 : 1);
  },
);
