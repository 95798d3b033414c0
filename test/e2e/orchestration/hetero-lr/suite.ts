import type { AfterJob, OnSubmitted } from '../../../../local/demo/run-demo.js';

/**
 * A part of the hetero-LR e2e that needs the trained job at a live federation (predict, serving,
 * the board): `afterJob` runs while the federation is still up, right after the job ended, and
 * keeps what it saw; `define` declares the `it`s that check it. One federation and one training
 * run serve every part, so each adds its checks, not another minute of processes.
 */
export interface HeteroLrSuite {
  /** Runs while the job does, from its submit (the board watching its DAG live). */
  readonly onSubmitted?: OnSubmitted;
  readonly afterJob: AfterJob;
  readonly define: () => void;
}
