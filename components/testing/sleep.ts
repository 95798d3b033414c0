import * as z from 'zod';
import { ROLES } from '../../functions/domain/job/roles.js';
import { defineSpec } from '../../functions/domain/plan/component-catalog.js';
import { generatedRows } from './pass-through.js';

/** One day: long enough for any timeout test, and below setTimeout's 24.8-day limit. */
export const MAX_SLEEP_SECONDS = 86_400;

export const sleepParameters = z.strictObject({
  seconds: z
    .number()
    .min(0)
    .max(MAX_SLEEP_SECONDS, { error: `seconds may be at most ${MAX_SLEEP_SECONDS}` })
    .default(0),
  /** Fail every time. */
  fail: z.boolean().default(false),
  /** Fail while the task version is below this: version 0 … n-1 fail, version n passes (auto-retry tests). */
  fail_while_version_below: z.number().int().min(0).default(0),
  /** The runner's exit code when failing; 126+ are the shell's and signals' codes, so they are refused. */
  exit_code: z.number().int().min(1).max(125).default(1),
  rows: generatedRows,
});

export type SleepParameters = z.output<typeof sleepParameters>;

/** Takes time and fails on demand: scheduling, timeout, stop and auto-retry tests. */
export const sleepSpec = defineSpec({ module: 'Sleep', roles: ROLES, parameters: sleepParameters });
