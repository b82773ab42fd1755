// Node-only: a checkpoint file written atomically (temp file, then rename), so a process killed
// mid-write leaves the previous checkpoint intact.
import { readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { CheckpointStore } from "../schedulers/checkpoint.js";

export class FileStore implements CheckpointStore {
  private cleaned = false;

  constructor(readonly path: string) {}

  get name(): string {
    return JSON.stringify(this.path);
  }

  async load(): Promise<string | null> {
    try {
      return await readFile(this.path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  async save(data: string): Promise<void> {
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, this.path);
    if (!this.cleaned) await this.removeStaleTemps();
  }

  /** Temp files of processes killed mid-save (`<path>.<pid>.tmp`), once per store. */
  private async removeStaleTemps(): Promise<void> {
    this.cleaned = true;
    const prefix = `${basename(this.path)}.`;
    for (const f of await readdir(dirname(this.path) || ".")) {
      if (!f.startsWith(prefix) || !/^\d+\.tmp$/.test(f.slice(prefix.length))) continue;
      await rm(join(dirname(this.path), f), { force: true });
    }
  }
}

export function fileStore(path: string): FileStore {
  return new FileStore(path);
}
