// The Web Worker plumbing that the trial pool and the searcher thread share (browsers): starting a
// worker from a script URL, and the worker's own global scope as a message port.
export interface WebWorkerLike {
  postMessage(m: unknown): void;
  addEventListener(type: "message", f: (e: { data: unknown }) => void): void;
  addEventListener(type: "error", f: (e: { message?: string }) => void): void;
  terminate(): void;
}

export function startWebWorker(script: URL | string, type: "classic" | "module"): WebWorkerLike {
  const Ctor = (globalThis as unknown as { Worker: new (u: string | URL, o?: object) => WebWorkerLike }).Worker;
  return new Ctor(script, { type });
}

/** Inside a worker: its global scope's messages, as `post` / `onMessage`. */
export function workerScope<In, Out>(): { post(m: Out): void; onMessage(f: (m: In) => void): void } {
  const scope = globalThis as unknown as {
    postMessage(m: unknown): void;
    addEventListener(t: "message", f: (e: { data: unknown }) => void): void;
  };
  return {
    post: (m) => scope.postMessage(m),
    onMessage: (f) => scope.addEventListener("message", (e) => f(e.data as In)),
  };
}
