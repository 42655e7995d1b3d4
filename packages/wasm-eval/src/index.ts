/**
 * @symx/wasm-eval: batch evaluation of expressions as WebAssembly SIMD.
 *
 * - `compile(exprs, { variables, tier })` -> `Kernel` (evaluate, loss, params, dispose)
 * - population API for symbolic regression: `createDataset`, `evaluatePopulation`,
 *   `lossPopulation` (many candidates per call, no per-candidate objects)
 * - `initWasm()`: optional asynchronous precompilation (browsers' main thread)
 */
export { compile, type CompileOptions } from './compile.js';
export { KernelError, type Kernel, type LossKind, type LossOptions, type Tier } from './kernel.js';
export {
  createDataset,
  evaluatePopulation,
  lossPopulation,
  type Dataset,
  type DatasetOptions,
  type PopulationLosses,
  type PopulationOptions,
  type PopulationValues,
} from './population.js';
export { constantSlots, lowerFlat, type Program } from './lower.js';
export { FitnessCache } from './fitness-cache.js';
export { initWasm } from './runtime.js';
export {
  fitConstants,
  lossGradient,
  type FitOptions,
  type FitResult,
  type FitStopReason,
  type FitTarget,
  type GradientOptions,
  type LossGradient,
} from './fit.js';
export { compileFused, fusedCacheStats, clearFusedCache, FusedKernel, type FusedOptions } from './fused/index.js';
export { createFusedDataset, FusedDataset, type FusedDatasetOptions } from './fused/index.js';
