// algorithms §6.2: the default config first, then uniform draws, never a config seen before.
import type { Config } from "../space/space.js";
import { BaseSearcher, type SearcherSetup } from "./searcher.js";

export interface RandomSearcherOptions {
  firstIsDefault?: boolean;
  /** Draws before giving up on finding an unseen config (algorithms §6.2: 100). */
  maxRetries?: number;
}

export class RandomSearcher extends BaseSearcher {
  readonly name = "random";
  private readonly firstIsDefault: boolean;
  private readonly maxRetries: number;

  constructor(setup: SearcherSetup, options: RandomSearcherOptions = {}) {
    super(setup);
    this.firstIsDefault = options.firstIsDefault ?? true;
    this.maxRetries = options.maxRetries ?? 100;
  }

  getConfig(): Config | null {
    const { space, rng, logger, debugLog } = this.setup;
    const nextId = this.ids.size;
    if (debugLog) logger.info(`Starting get_config[random] for config_id ${nextId}`);
    let config: Config | null = null;
    if (this.firstIsDefault && this.results.size === 0) {
      config = space.defaultConfig();
      if (debugLog) logger.info(`Start with default config:\n${JSON.stringify(config)}`);
    } else {
      for (let t = 0; t < this.maxRetries && config === null; t++) {
        const c = space.sample(rng);
        if (!this.results.has(this.key(c))) config = c;
      }
      if (config === null) return null;
    }
    this.propose(config);
    this.logConfig(`[${this.idOf(config)}: random]`, config);
    return config;
  }
}
