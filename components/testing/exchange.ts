import * as z from 'zod';
import { defineSpec } from '../../functions/domain/plan/component-catalog.js';

export const exchangeParameters = z.strictObject({
  /** Size of the byte array the guest sends (large values travel as parts). */
  payload_bytes: z
    .number()
    .int()
    .min(0)
    .max(16 * 1024 * 1024)
    .default(64),
  /** How long each `get` waits. */
  timeout_seconds: z.number().positive().max(3600).default(60),
});

export type ExchangeParameters = z.output<typeof exchangeParameters>;

/** The data plane's test and benchmark component (as PassThrough and Sleep are the scheduler's). */
export const exchangeSpec = defineSpec({
  module: 'Exchange',
  roles: ['guest', 'host', 'arbiter'],
  parameters: exchangeParameters,
});
