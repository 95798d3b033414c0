import * as z from 'zod';
import { ROLES } from '../../functions/domain/job/roles.js';
import { defineSpec } from '../../functions/domain/plan/component-catalog.js';

/** The most rows PassThrough generates: enough for benchmarks, small enough for one task's memory. */
export const MAX_GENERATED_ROWS = 1_000_000;

/** Rows of the table generated when there is no input; shared with Sleep, which passes through alike. */
export const generatedRows = z
  .number()
  .int()
  .min(0)
  .max(MAX_GENERATED_ROWS, { error: `rows may be at most ${MAX_GENERATED_ROWS}` })
  .default(5);

/** Strict, so that a misspelt parameter fails the job at submit instead of being ignored. */
export const passThroughParameters = z.strictObject({ rows: generatedRows });

/** A trivial component for scheduling tests and benchmarks: any role, data in → the same data out. */
export const passThroughSpec = defineSpec({ module: 'PassThrough', roles: ROLES, parameters: passThroughParameters });
