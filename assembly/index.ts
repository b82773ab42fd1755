// The module's whole surface: plain functions over pointers into linear memory (no managed
// objects cross the boundary). Memory above heapBase() belongs to the JS-side arena.
export { cholesky, logDetFromCholesky } from "./cholesky";
export { solveLower, solveLowerT, solveLowerMany, solveLowerTMany, inverseFromCholesky } from "./triangular";
export { maternSymmetric, maternLower, maternCross, maternGradReduce, maternCrossGrad, maternGradInputDim, symRank1 } from "./matern";
export { gemmTN, colSumSquares, dotProduct } from "./blas";

/** First free byte after the module's static data; the JS arena starts here. */
export function heapBase(): usize {
  return __heap_base;
}
export {
  rungStoreBytes, rungStoreInit, rungStoreCopy, rungInsert, rungCount, rungCutoff, rungStoppingDecide,
  rungPromotable, rungRank, rungMarkPromoted, rungExport,
} from "./rungs";
export { expDecayApply, expDecayGrad, expDecayKappa } from "./expdecay";
export { abortReason, checksEnabled } from "./check";
