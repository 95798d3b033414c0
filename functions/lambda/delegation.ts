/**
 * The `delegation` function: a runner's one narrow call for signing (its role may invoke it, it
 * may not read the site's key). It certifies the runner's own ephemeral key for the running task
 * the launch ticket names (services/federation/delegate-task.ts); a refusal is thrown, so the
 * runner sees a function error naming why.
 */
import * as z from 'zod';
import { type DelegationReply, delegationCall } from '../adapters/runner-calls/contract.js';
import { ArgumentError } from '../domain/errors.js';
import { delegateTask } from '../services/federation/delegate-task.js';
import { composeDelegation } from './compose/delegation.js';
import { containerSite } from './shared-site.js';
import { siteHandler } from './site-handler.js';

export const handler = siteHandler(
  'fate-flow-delegation',
  containerSite(composeDelegation),
  async (deps, event: unknown): Promise<DelegationReply> => {
    const parsed = delegationCall.safeParse(event);
    if (!parsed.success) throw new ArgumentError(`delegation call: ${z.prettifyError(parsed.error)}`);
    return delegateTask(deps, parsed.data);
  },
);
