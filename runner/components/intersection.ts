import { type IntersectionParameters, intersectionSpec } from '../../components/intersection.js';
import { DataError } from '../../functions/domain/errors.js';
import { type ComponentContext, defineComponent, type InputTable } from './component.js';
import { uniqueIds } from './intersection/matching.js';
import { intersectAsGuest, intersectAsHost } from './intersection/run-intersection.js';
import { effectiveParameters, intersectionModel } from './intersection/trained-settings.js';
import { tableCsv } from './table-csv.js';

/** What the context computes itself for every data output; the rest of the input's meta is carried on. */
const TABLE_FACTS = new Set(['header', 'total', 'sid', 'delimiter']);

/**
 * FATE's Intersection (PSI): each party keeps the rows whose ids the other parties hold too,
 * learning nothing else of their ids. Its model (when the DSL declares one) keeps the method and
 * its parameters; given such a model, it matches with those instead of its own. Output `data`: the party's own rows in the intersection,
 * same columns (or the id alone with only_output_key), same order; the input's meta (label_name,
 * with_label …) carried over so that HeteroLR downstream finds the label.
 */
export const Intersection = defineComponent(intersectionSpec, {
  async run(ctx) {
    const parameters = effectiveParameters(ctx);
    const table = onlyInput(ctx);
    const ids = table.rows.map((cells) => cells[0] ?? '');
    uniqueIds(ids, `${table.name} at ${ctx.role} ${ctx.partyId}`);
    const started = Date.now();
    const method = parameters.intersect_method;
    const result =
      ctx.role === 'guest'
        ? await intersectAsGuest(ctx.federation, ids, parameters)
        : await intersectAsHost(ctx.federation, ids, parameters);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const kept = result.rows?.length;
    if (kept === undefined) {
      ctx.log(`${method} intersection done in ${seconds} s; sync_intersect_ids is false: this host keeps no rows`);
    } else {
      ctx.log(`${method} intersection: ${kept} of ${ids.length} rows in ${seconds} s`);
    }
    const rate = kept === undefined ? -1 : ids.length === 0 ? 0 : kept / ids.length;
    // The outputs are separate records: written at once, not one store round trip after another.
    await Promise.all([
      ...(kept === undefined
        ? []
        : [
            ctx.logMetric('train', 'intersection', [
              ['intersect_count', kept],
              ['intersect_rate', rate],
            ]),
          ]),
      writeRows(ctx, parameters, table, result.rows ?? []),
      // FATE's summary; a host that keeps no rows (sync_intersect_ids false) keeps FATE's -1 placeholders.
      ctx.writeSummary({
        intersect_num: kept ?? -1,
        intersect_rate: rate,
        cardinality_only: false,
        unique_id_num: ids.length,
      }),
      ...ctx.outputs.model.map((name) =>
        ctx.writeModel(name, intersectionModel(parameters), { model_type: 'Intersection' }),
      ),
    ]);
  },
});

function onlyInput(ctx: ComponentContext<IntersectionParameters>): InputTable {
  const tables = Object.values(ctx.inputs).flat();
  const [table] = tables;
  if (table === undefined || tables.length > 1) {
    throw new DataError(`Intersection takes exactly one input table (input.data.data); it was given ${tables.length}`);
  }
  return table;
}

async function writeRows(
  ctx: ComponentContext<IntersectionParameters>,
  parameters: IntersectionParameters,
  table: InputTable,
  rows: readonly number[],
): Promise<void> {
  const keyOnly = parameters.only_output_key;
  const header = keyOnly ? table.header.slice(0, 1) : table.header;
  const kept = rows.map((index) => {
    const cells = table.rows[index] ?? [];
    return keyOnly ? cells.slice(0, 1) : cells;
  });
  const carried = Object.fromEntries(Object.entries(table.meta).filter(([key]) => !TABLE_FACTS.has(key)));
  const csv = tableCsv(header, kept);
  const meta = { ...carried, intersect_method: parameters.intersect_method };
  await Promise.all(ctx.outputs.data.map((name) => ctx.writeData(name, csv, meta)));
}
