import type { FlowClient } from '../../client/flow-client.js';

/**
 * The last point of a component's per-iteration loss at the guest (metric namespace "train", name
 * "loss", FATE's `[iteration, loss]` points), or none while it has recorded none.
 */
export async function lastLoss(
  guest: Pick<FlowClient, 'post'>,
  jobId: string,
  component: string,
): Promise<{ readonly iteration: number; readonly loss: number } | undefined> {
  const answer = await guest.post('/v1/tracking/component/metric_data', {
    job_id: jobId,
    role: 'guest',
    party_id: 9999,
    component_name: component,
    metric_namespace: 'train',
    metric_name: 'loss',
  });
  if (answer.retcode !== 0 || !Array.isArray(answer.data)) return undefined;
  const point: unknown = answer.data.at(-1);
  if (!Array.isArray(point) || typeof point[0] !== 'number' || typeof point[1] !== 'number') return undefined;
  return { iteration: point[0], loss: point[1] };
}
