// Checks a saved state before a scheduler restores it (algorithms §4.5): its shape, and that it
// was saved by the same kind of scheduler over the same search space, so a checkpoint of another
// experiment is refused with the difference named instead of being mixed into this one.
import { ConfigError } from "../errors.js";
import { brief, isObject } from "../validate.js";

/** What a state must have been saved by: the scheduler kind, its space and (Hyperband) its rungs. */
export interface Fingerprint {
  scheduler: string;
  space: string;
  mode: string;
  rungs?: string;
}

function need(ok: boolean, name: string, value: unknown, rule: string): void {
  if (!ok) throw new ConfigError(`The value of ${name} is ${brief(value)}, but it must be ${rule}`);
}

function checkShape(state: unknown): asserts state is Record<string, unknown> {
  need(isObject(state), "state", state, "an object saved by scheduler.state()");
  const s = state as Record<string, unknown>;
  need(s.version === 1, "state.version", s.version, "1 (a state saved by this version of hyperwasm)");
  need(
    Number.isInteger(s.nextTrialId) && (s.nextTrialId as number) >= 0,
    "state.nextTrialId",
    s.nextTrialId,
    "an integer >= 0",
  );
  const rng = s.rng as { s?: unknown } | undefined;
  need(isObject(rng) && Array.isArray(rng.s) && rng.s.length === 4, "state.rng", s.rng, "a generator state");
  need(isObject(s.searcher), "state.searcher", s.searcher, "a searcher state");
  need(Array.isArray(s.trials), "state.trials", s.trials, "a list of trial records");
  for (const [i, t] of (s.trials as unknown[]).entries()) {
    const ok = isObject(t) && Number.isInteger(t.trialId) && isObject(t.config) && typeof t.status === "string";
    need(ok, `state.trials[${i}]`, t, "a trial record with trialId, config and status");
  }
  need(Array.isArray(s.running), "state.running", s.running, "a list of trials to start again");
  need(isObject(s.trainingHistory), "state.trainingHistory", s.trainingHistory, "an object of report lists");
  for (const [k, rows] of Object.entries(s.trainingHistory as object)) {
    need(Array.isArray(rows), `state.trainingHistory["${k}"]`, rows, "a list of reports");
  }
  need(isObject(s.configHistory), "state.configHistory", s.configHistory, "an object of configs");
  need(typeof s.elapsed === "number" && s.elapsed >= 0, "state.elapsed", s.elapsed, "the seconds the run had used");
}

/** Names the difference between two space fingerprints (lists of [name, domain]). */
function spaceDifference(saved: unknown, own: string): ConfigError {
  const ours = JSON.parse(own) as [string, unknown][];
  let theirs: [string, unknown][];
  try {
    theirs = JSON.parse(String(saved));
    if (!Array.isArray(theirs)) throw new Error();
  } catch {
    return new ConfigError(`The value of state.fingerprint.space is ${brief(saved)}, but it must be a search space`);
  }
  const names = (l: [string, unknown][]) => l.map(([n]) => n).join(", ");
  const rule = "(the state was saved by a run over another space)";
  if (names(theirs) !== names(ours)) {
    return new ConfigError(
      `The value of state.fingerprint.space is a space of ${names(theirs)}, but it must be this scheduler's space of ${names(ours)} ${rule}`,
    );
  }
  const i = theirs.findIndex(([, d], k) => JSON.stringify(d) !== JSON.stringify(ours[k][1]));
  const [name] = ours[i];
  return new ConfigError(
    `The value of state.fingerprint.space is a space where ${name} is ${JSON.stringify(theirs[i][1])}, ` +
      `but it must be this scheduler's space, where ${name} is ${JSON.stringify(ours[i][1])} ${rule}`,
  );
}

/** Throws a ConfigError naming the first problem; returns the state typed as a record. */
export function checkState(state: unknown, own: Fingerprint): Record<string, unknown> {
  checkShape(state);
  const saved = state.fingerprint as Partial<Fingerprint> | undefined;
  need(isObject(saved), "state.fingerprint", saved, "the saving scheduler's kind and search space");
  const f = saved as Fingerprint;
  const scheduler = `"${own.scheduler}" (the state was saved by another kind of scheduler)`;
  need(f.scheduler === own.scheduler, "state.fingerprint.scheduler", f.scheduler, scheduler);
  if (f.space !== own.space) throw spaceDifference(f.space, own.space);
  need(
    f.mode === own.mode,
    "state.fingerprint.mode",
    f.mode,
    `"${own.mode}" (the run being resumed optimized the other way)`,
  );
  need(f.rungs === own.rungs, "state.fingerprint.rungs", f.rungs, `this scheduler's rungs and brackets ${own.rungs}`);
  return state;
}
