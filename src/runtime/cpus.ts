// How many trials run at once by default: floor(cpus / numCpus). The Node entry sets the count
// from os.availableParallelism(); pages and workers report navigator.hardwareConcurrency.
let cpuCount: number | null = null;

export function setCpuCount(n: number): void {
  cpuCount = n;
}

export function hardwareConcurrency(): number {
  if (cpuCount !== null) return cpuCount;
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof n === "number" && n > 0 ? n : 1;
}
