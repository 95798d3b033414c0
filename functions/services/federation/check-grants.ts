import { PermissionError } from '../../domain/errors.js';
import type { PartyRef } from '../../domain/job/roles.js';
import type { JobPlan } from '../../domain/plan/job-plan.js';
import type { Grant } from '../../domain/ports/permission-store.js';

/**
 * FATE's permission model on `create`: the initiating party needs a grant at this site for every
 * module the job runs here in the addressed role (lower-case module name, or "*") and for every dataset this party's
 * readers read (namespace + name). The error names what is missing and who asked.
 */
export function checkGrants(plan: JobPlan, party: PartyRef, requester: number, grants: readonly Grant[]): void {
  const { partyId } = party;
  const components = new Set(grants.flatMap((g) => (g.type === 'component' ? [g.component] : [])));
  const datasets = new Set(grants.flatMap((g) => (g.type === 'dataset' ? [`${g.namespace}/${g.name}`] : [])));
  const localTasks = plan.parties.filter((p) => p.partyId === partyId && p.role === party.role).flatMap((p) => p.tasks);

  const missingComponents = [
    ...new Set(localTasks.map((t) => t.module.toLowerCase()).filter((m) => !components.has('*') && !components.has(m))),
  ].sort();
  const missingDatasets = [
    ...new Set(
      localTasks.flatMap((task) => {
        const table = readerTable(task.parameters);
        return table && !datasets.has(`${table.namespace}/${table.name}`) ? [`${table.namespace}/${table.name}`] : [];
      }),
    ),
  ].sort();

  if (missingComponents.length > 0 || missingDatasets.length > 0) {
    const parts = [
      missingComponents.length > 0 ? `component ${missingComponents.join(', ')}` : '',
      missingDatasets.length > 0 ? `dataset ${missingDatasets.join(', ')}` : '',
    ].filter(Boolean);
    throw new PermissionError(`party ${partyId} has not granted party ${requester}: ${parts.join('; ')}`, {
      details: { partyId, requester, missingComponents, missingDatasets },
    });
  }
}

/** A Reader's `table: {namespace, name}` parameter, if the task has one. */
function readerTable(parameters: Readonly<Record<string, unknown>>): { namespace: string; name: string } | undefined {
  const table = parameters.table;
  if (typeof table !== 'object' || table === null) return undefined;
  const { namespace, name } = table as Record<string, unknown>;
  return typeof namespace === 'string' && typeof name === 'string' ? { namespace, name } : undefined;
}
