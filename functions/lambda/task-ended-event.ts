import * as z from 'zod';
import { ROLES } from '../domain/job/roles.js';
import type { TaskKey } from '../domain/records/task-record.js';

const taskEnded = z.object({
  source: z.string(),
  'detail-type': z.literal('TaskEnded'),
  detail: z.object({
    type: z.literal('TaskEnded'),
    jobId: z.string().min(1),
    component: z.string().min(1),
    taskVersion: z.number().int().min(0),
    role: z.enum(ROLES),
    partyId: z.number().int().min(0),
  }),
});

/**
 * The task of a runner's TaskEnded event (EventBridgeEventBus puts the FlowEvent itself in the
 * detail), when it comes from this site (source `fate-flow.<party>`) and is about one of its
 * tasks; undefined for any other event.
 */
export function taskEndedOf(event: unknown, partyId: number): TaskKey | undefined {
  const parsed = taskEnded.safeParse(event);
  if (!parsed.success || parsed.data.source !== `fate-flow.${partyId}`) return undefined;
  const { jobId, component, taskVersion, role, partyId: party } = parsed.data.detail;
  return party === partyId ? { jobId, component, taskVersion, role, partyId: party } : undefined;
}
