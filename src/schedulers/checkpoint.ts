// Where a scheduler's state goes between processes. The core only knows this interface; Node
// gets an atomic file store (write a temp file, then rename) from the `hyperwasm/node` entry.
export interface CheckpointStore {
  load(): Promise<string | null>;
  save(data: string): Promise<void>;
  /** How messages name the store (a file store: its path). */
  readonly name?: string;
}

/** Keeps the last saved state in memory (tests, or a caller that persists it elsewhere). */
export class MemoryStore implements CheckpointStore {
  data: string | null = null;
  readonly name = "a MemoryStore";
  async load(): Promise<string | null> {
    return this.data;
  }
  async save(data: string): Promise<void> {
    this.data = data;
  }
}
