import { readerSpec } from '../../components/reader.js';
import { defineComponent } from './component.js';
import { tableCsv } from './table-csv.js';

/**
 * FATE's Reader: this party's own stored table (what `flow data upload` stored under
 * namespace.name), written unchanged as the component's data output, so that the rest of the DAG
 * reads component outputs only. The guest and each host name their own table in the conf.
 */
export const Reader = defineComponent(readerSpec, {
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
