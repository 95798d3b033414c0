import { z } from 'zod';
import { defineComponent } from './component.js';
import { tableCsv } from './table-csv.js';

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

/**
 * FATE's Reader: this party's own stored table (what `flow data upload` stored under
 * namespace.name), written unchanged as the component's data output, so that the rest of the DAG
 * reads component outputs only. The guest and each host name their own table in the conf.
 */
export const Reader = defineComponent({
  module: 'Reader',
  roles: ['guest', 'host'],
  parameters: readerParameters,
  async run(ctx) {
    const { namespace, name } = ctx.parameters.table;
    const table = await ctx.readTable(namespace, name);
    // An upload's rows keep its id_delimiter; the runner's tables are `,`-separated.
    const csv = table.meta.delimiter === ',' ? table.csv : tableCsv(table.header, table.rows);
    if (ctx.outputs.data.length === 0) ctx.log('no data output declared: nothing to write');
    for (const output of ctx.outputs.data) {
      await ctx.writeData(output, csv, { table: { namespace, name } });
      ctx.log(
        `wrote ${output}: table ${namespace}.${name} (${table.rows.length} rows, ${table.header.length} columns)`,
      );
    }
  },
});
