import { passThroughSpec } from '../../../components/testing/pass-through.js';
import { type ComponentContext, defineComponent } from '../component.js';

/**
 * A table to start a DAG from when a component has no input: `id,x0`, ids 0…rows-1. Values are a
 * function of the id only, so every party and every run produces the same table.
 */
export function generatedTable(rows: number): string {
  const lines = ['id,x0'];
  for (let id = 0; id < rows; id += 1) lines.push(`${id},${(id % 10) / 10}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Copies the first input table (in DSL order of input kinds and references) to every data output
 * the DSL declares, or writes the generated table when there is no input. Shared by PassThrough
 * and Sleep.
 */
export async function passThrough(ctx: ComponentContext<{ readonly rows: number }>): Promise<void> {
  const first = Object.values(ctx.inputs).flat()[0];
  if (ctx.outputs.data.length === 0) ctx.log('no data output declared: nothing to write');
  for (const name of ctx.outputs.data) {
    if (first === undefined) {
      await ctx.writeData(name, generatedTable(ctx.parameters.rows), { generated: true });
      ctx.log(`wrote ${name}: a generated table of ${ctx.parameters.rows} rows`);
    } else {
      await ctx.writeData(name, first.csv, { copiedFrom: first.name });
      ctx.log(`wrote ${name}: a copy of ${first.name} (${first.rows.length} rows)`);
    }
  }
}

/** A trivial component for scheduling tests and benchmarks: any role, data in → the same data out. */
/** Data in → the same data out, at any role. */
export const PassThrough = defineComponent(passThroughSpec, { run: passThrough });
