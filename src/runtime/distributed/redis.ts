// Redis clients for both sides of a distributed run.
import { Redis, type RedisOptions } from "ioredis";
import { WorkerError } from "../../errors.js";
import { type RedisTarget, describeTarget, redisOptions } from "./target.js";

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
      new Promise(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
      ),
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
