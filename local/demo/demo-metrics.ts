import type { FlowClient } from '../../client/flow-client.js';

interface DslComponents {
  readonly components?: Readonly<Record<string, { readonly module?: string }>>;
}

type MetricsByNamespace = Readonly<Record<string, Readonly<Record<string, { readonly data?: unknown }>>>>;

/**
 * The single-value metrics the job's Evaluation components logged at the guest (FATE's
 * `flow tracking metric-all`): "evaluation_0 train/hetero_lr_0: auc 0.99, ks 0.93".
 */
export async function evaluationSummary(
  guest: FlowClient,
  jobId: string,
  partyId: number,
  dsl: DslComponents,
): Promise<string[]> {
  const lines: string[] = [];
  const evaluations = Object.entries(dsl.components ?? {}).filter(([, spec]) => spec.module === 'Evaluation');
  for (const [component] of evaluations) {
    const answer = await guest.post('/v1/tracking/component/metric/all', {
      job_id: jobId,
      component_name: component,
      role: 'guest',
      party_id: partyId,
    });
    const byNamespace = (answer.data ?? {}) as MetricsByNamespace;
    for (const [namespace, metrics] of Object.entries(byNamespace)) {
      for (const [name, metric] of Object.entries(metrics)) {
        const points = Array.isArray(metric.data) ? (metric.data as unknown[]) : [];
        const single = points.filter(
          (point): point is [string, number] =>
            Array.isArray(point) && typeof point[0] === 'string' && typeof point[1] === 'number',
        );
        if (single.length === 0) continue;
        lines.push(`${component} ${namespace}/${name}: ${single.map(([key, value]) => `${key} ${value}`).join(', ')}`);
      }
    }
  }
  return lines;
}
