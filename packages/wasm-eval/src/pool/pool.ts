/**
 * The worker pool behind `createPool` (index.ts): piscina worker threads, datasets shared through
 * SharedArrayBuffers, populations lowered on the calling thread and run chunk by chunk on the
 * workers, results written by the workers into shared memory.
 */
import { Piscina } from 'piscina';
import type { Term } from '@symx/core';
import { KernelError, type LossKind } from '../kernel.js';
import { Lowerer, type Program } from '../lower.js';
import type { Dataset, DatasetOptions, PopulationLosses, PopulationOptions, PopulationValues } from '../population.js';
import { lossMode } from '../vm.js';
import { packChunks, packedBytes, planChunks } from './chunks.js';
import { SharedDataset } from './dataset.js';
import type { ChunkTask } from './protocol.js';
import { SharedScratch } from './scratch.js';
import { explainWorkerError, workerFile } from './worker-file.js';

export class WorkerPool {
  private readonly piscina: Piscina<ChunkTask, void>;
  private readonly lowerer = new Lowerer();
  private readonly scratch = new SharedScratch();
  private closing: Promise<void> | undefined;

  constructor(
    readonly threads: number,
    execArgv: readonly string[] | undefined,
  ) {
    this.piscina = new Piscina<ChunkTask, void>({
      filename: workerFile(),
      minThreads: threads,
      maxThreads: threads,
      execArgv: execArgv === undefined ? undefined : [...execArgv],
    });
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  createDataset(variables: readonly string[], columns: readonly Float64Array[], options: DatasetOptions = {}): Dataset {
    this.checkOpen();
    return new SharedDataset(variables, columns, options, this);
  }

  async evaluatePopulation(
    exprs: readonly Term[],
    data: Dataset,
    options: PopulationOptions & { readonly out?: Float64Array } = {},
  ): Promise<PopulationValues> {
    const d = this.asDataset(data);
    checkExprs(exprs);
    const size = exprs.length * d.rows;
    const { out } = options;
    if (out !== undefined && (!(out instanceof Float64Array) || out.length < size)) {
      throw new KernelError(`out must be a Float64Array of at least ${size} elements`);
    }
    // the workers write the values straight into shared memory: `out` itself when it is shared
    const values = out !== undefined && out.buffer instanceof SharedArrayBuffer ? out : new Float64Array(new SharedArrayBuffer(size * 8));
    const { invalid } = await this.runAll(d, exprs, 'predict', options.earlyExit ?? true, values);
    if (out !== undefined && out !== values) out.set(values);
    return { values: out ?? values, invalid };
  }

  async lossPopulation(
    exprs: readonly Term[],
    data: Dataset,
    options: PopulationOptions & { readonly kind?: LossKind; readonly out?: Float64Array } = {},
  ): Promise<PopulationLosses> {
    const d = this.asDataset(data);
    if (!d.hasTarget) throw new KernelError('lossPopulation: the dataset has no target (createDataset(..., { target }))');
    const kind = options.kind ?? 'mse';
    lossMode(kind); // validates the kind
    checkExprs(exprs);
    const count = exprs.length;
    const { out } = options;
    if (out !== undefined && (!(out instanceof Float64Array) || out.length < count)) {
      throw new KernelError(`out must be a Float64Array of at least ${count} elements`);
    }
    const r = await this.runAll(d, exprs, kind, options.earlyExit ?? true, undefined);
    if (out === undefined) return r;
    out.set(r.loss);
    return { loss: out, invalid: r.invalid };
  }

  close(): Promise<void> {
    this.closing ??= this.piscina.close();
    return this.closing;
  }

  private checkOpen(): void {
    if (this.closing !== undefined) throw new KernelError('pool used after close()');
  }

  private asDataset(data: Dataset): SharedDataset {
    this.checkOpen();
    if (!(data instanceof SharedDataset) || data.owner !== this) {
      throw new KernelError("data must come from this pool's createDataset()");
    }
    data.check();
    return data;
  }

  /**
   * Lowers the population (synchronously, so overlapping requests never share the lowerer),
   * runs its chunks on the workers and returns the losses (loss kinds; empty for 'predict',
   * whose values go to `values`) and the flags, copied out of the request's scratch buffer.
   */
  private async runAll(
    d: SharedDataset, exprs: readonly Term[], kind: ChunkTask['kind'], earlyExit: boolean,
    values: Float64Array | undefined,
  ): Promise<{ loss: Float64Array; invalid: Uint8Array }> {
    const count = exprs.length;
    const lossBytes = kind === 'predict' ? 0 : count * 8;
    if (count === 0) return { loss: new Float64Array(0), invalid: new Uint8Array(0) };
    const p = this.lower(exprs, d);
    const bounds = planChunks(p, this.threads, d.rows);
    const programBytes = packedBytes(p, bounds);
    // layout: losses, programs (8-byte aligned), flags
    const scratch = this.scratch.acquire(lossBytes + programBytes + count);
    try {
      const loss = new Float64Array(scratch, 0, lossBytes / 8);
      const invalid = new Uint8Array(scratch, lossBytes + programBytes, count);
      const programs = packChunks(p, bounds, scratch, lossBytes);
      const out = values ?? loss;
      const settled = await Promise.allSettled(
        programs.map((program, k) => this.piscina.run({ dataset: d.ref, program, first: bounds[k], kind, earlyExit, out, invalid })),
      );
      // every task has ended (the scratch buffer is free again): report the first failure
      for (const s of settled) if (s.status === 'rejected') throw explainWorkerError(s.reason);
      // copies in ordinary memory (slice() makes a new ArrayBuffer)
      return { loss: loss.slice(), invalid: invalid.slice() };
    } finally {
      this.scratch.release(scratch);
    }
  }

  /** Bytecode of every candidate; bad candidates reported as population.ts reports them. */
  private lower(exprs: readonly Term[], d: SharedDataset): Program {
    const lw = this.lowerer;
    lw.begin();
    for (let i = 0; i < exprs.length; i++) {
      try {
        lw.addTerm(exprs[i], d.varIndex);
      } catch (e) {
        if (e instanceof KernelError) throw new KernelError(`candidate ${i}: ${e.message}`, { cause: e });
        throw e;
      }
    }
    return lw.views();
  }
}

function checkExprs(exprs: readonly Term[]): void {
  if (!Array.isArray(exprs)) throw new KernelError('exprs must be an array of terms');
}
