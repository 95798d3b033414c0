import * as z from 'zod';
import { defineSpec } from '../functions/domain/plan/component-catalog.js';

/** FATE's own limit on storage-table names, and what upload accepts. */
const tableName = (field: string) =>
  z
    .string({ error: `table.${field} must be a string` })
    .regex(/^[A-Za-z0-9_.-]{1,100}$/, { error: `table.${field} may only use letters, digits, "_", "-" and "."` });

/**
 * FATE-Flow's Reader finds its table either by `{namespace, name}` or by another job's output
 * (`{job_id, component_name, data_name}`). Both are FATE's keys, so the second is recognised and
 * refused by name rather than reported as an unknown key.
 */
const tableParameter = z
  .strictObject({
    name: tableName('name'),
    namespace: tableName('namespace'),
    job_id: z.unknown().optional(),
    component_name: z.unknown().optional(),
    data_name: z.unknown().optional(),
  })
  .superRefine((table, ctx) => {
    const byOutput = (['job_id', 'component_name', 'data_name'] as const).filter((key) => table[key] !== undefined);
    if (byOutput.length === 0) return;
    ctx.issues.push({
      code: 'custom',
      input: table,
      path: [byOutput[0] ?? 'job_id'],
      message:
        "reading another job's output (table.job_id, component_name, data_name) is not supported: " +
        'name an uploaded table by namespace and name',
    });
  })
  .transform(({ name, namespace }) => ({ name, namespace }));

export const readerParameters = z.strictObject({ table: tableParameter });

/** FATE's Reader: a party's own uploaded table, named by namespace and name in the conf. */
export const readerSpec = defineSpec({
  module: 'Reader',
  roles: ['guest', 'host'],
  parameters: readerParameters,
});
