// The domains users write, also reachable as `space.int(…)` like AutoGluon's `ag.space.Int`.
export { int, real, categorical, bool } from "./domains.js";
