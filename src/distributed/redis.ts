// Redis clients for both sides. Users give a URL (`redis://`, `rediss://` for TLS, with
// `user:password@` for auth) or ioredis options (TLS certificates, sentinels, …), passed through.
import { Redis, type RedisOptions } from "ioredis";
import { WorkerError } from "../errors.js";

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

export function createClient(target: RedisTarget, extra: RedisOptions): Redis {
  return typeof target === "string" ? new Redis(target, extra) : new Redis({ ...target, ...extra });
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
