// Node-only: a checkpoint file written atomically (temp file, then rename), so a process killed
// mid-write leaves the previous checkpoint intact.
import { readFile, rename, writeFile } from "node:fs/promises";
import type { CheckpointStore } from "../schedulers/checkpoint.js";

export class FileStore implements CheckpointStore {
  constructor(readonly path: string) {}

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
  }
}

export function fileStore(path: string): FileStore {
  return new FileStore(path);
}
