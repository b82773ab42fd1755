// Redis clients for both sides. Users give a URL (`redis://`, `rediss://` for TLS, with
// `user:password@` for auth) or ioredis options (TLS certificates, sentinels, …), passed through.
import { Redis, type RedisOptions } from "ioredis";
import { ConfigError, WorkerError, invalid } from "../errors.js";

export type RedisTarget = string | RedisOptions;

/** Where we connect, without the password, for messages. */
export function describeTarget(target: RedisTarget): string {
  if (typeof target === "string") {
    try {
      const u = new URL(target);
      if (u.password) u.password = "***";
      return u.toString();
    } catch {
      return target;
    }
  }
  return `${target.tls ? "rediss" : "redis"}://${target.host ?? "127.0.0.1"}:${target.port ?? 6379}`;
}

/**
 * ioredis options from a target. A URL's password may be left out and come from the environment
 * variable HYPERWASM_REDIS_PASSWORD (kept off command lines, which other users can read).
 */
export function redisOptions(target: RedisTarget, extra: RedisOptions = {}): RedisOptions {
  if (typeof target !== "string") return { ...target, ...extra };
  const url = new URL(target);
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw invalid("redis", target, "a redis:// or rediss:// URL", ConfigError);
  const env = typeof process !== "undefined" ? process.env.HYPERWASM_REDIS_PASSWORD : undefined;
  return {
    host: url.hostname || "127.0.0.1",
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : env,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined,
    tls: url.protocol === "rediss:" ? {} : undefined,
    ...extra,
  };
}

export function createClient(target: RedisTarget, extra: RedisOptions): Redis {
  return new Redis(redisOptions(target, extra));
}

/**
 * Connects and PINGs within `timeoutMs`, or throws a WorkerError that says where and why: at
 * start, an unreachable Redis is a configuration problem, not something to retry forever.
 */
export async function connectOrExplain(client: Redis, target: RedisTarget, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastError = "";
  const onError = (e: Error) => void (lastError = e.message);
  client.on("error", onError);
  try {
    await Promise.race([
      (async () => {
        if (client.status === "wait") await client.connect();
        await client.ping();
      })(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
    ]);
  } catch (e) {
    client.disconnect();
    const why = lastError || (e as Error).message;
    throw new WorkerError(`Cannot reach Redis at ${describeTarget(target)}: ${why}`);
  } finally {
    clearTimeout(timer);
    client.off("error", onError);
  }
}
