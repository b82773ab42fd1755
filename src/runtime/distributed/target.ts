// Where Redis is, as users write it: a URL (`redis://`, `rediss://` for TLS, `user:password@`
// for auth) or ioredis options (TLS certificates, sentinels, …), passed through. No ioredis
// import here, so the worker command can print its help without the optional packages.
import type { RedisOptions } from "ioredis";
import { ConfigError, invalid } from "../../errors.js";

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
  if (url.protocol !== "redis:" && url.protocol !== "rediss:")
    throw invalid("redis", target, "a redis:// or rediss:// URL", ConfigError);
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
