import { NotFoundError, ServerError } from '../../domain/errors.js';
import type { ComponentRef, OutputRecord } from '../../domain/ports/tracking-store.js';
import type { SiteServices } from '../site-services.js';
import { buildOutputArchive } from './output-archive.js';

function describeRef(ref: ComponentRef): string {
  return `${ref.component} of job ${ref.jobId} at ${ref.role} ${ref.partyId}`;
}

async function outputsOf(
  services: Pick<SiteServices, 'tracking'>,
  ref: ComponentRef,
  kind: 'data' | 'model',
): Promise<OutputRecord[]> {
  const outputs = await services.tracking.listOutputs(ref, kind);
  if (outputs.length === 0) throw new NotFoundError(`no ${kind} output for ${describeRef(ref)}`);
  return outputs;
}

async function readObject(services: Pick<SiteServices, 'objects'>, output: OutputRecord): Promise<Uint8Array> {
  const bytes = await services.objects.get(output.location);
  // The record says the object exists: its absence is our fault, not the caller's.
  if (bytes === undefined)
    throw new ServerError(`output ${output.name} of ${describeRef(output)} is missing at ${output.location}`);
  return bytes;
}

function delimiterOf(output: OutputRecord): string {
  return typeof output.meta.delimiter === 'string' && output.meta.delimiter !== '' ? output.meta.delimiter : ',';
}

/** The CSV text of an output, keeping the header line and at most `limit` rows (-1: all). */
function limitRows(csv: string, limit: number): string {
  if (limit < 0) return csv;
  const lines = csv.split('\n').filter((line) => line !== '');
  return `${lines.slice(0, limit + 1).join('\n')}\n`;
}

export type OutputDataArchiveDeps = Pick<SiteServices, 'objects' | 'tracking'>;

/** FATE's output-data download: a gzip tar with data.csv and data.meta (a folder each when several). */
export async function outputDataArchive(
  services: OutputDataArchiveDeps,
  ref: ComponentRef,
  limit: number,
): Promise<Buffer> {
  const outputs = await outputsOf(services, ref, 'data');
  const files = await Promise.all(
    outputs.map(async (output) => {
      const text = limitRows(new TextDecoder().decode(await readObject(services, output)), limit);
      // data.csv is comma-separated, as FATE writes it, whatever the table's own delimiter.
      const delimiter = delimiterOf(output);
      const csv = delimiter === ',' ? text : text.split(delimiter).join(',');
      return { name: output.name, csv, meta: output.meta };
    }),
  );
  return buildOutputArchive(files);
}

export type ComponentOutputDataDeps = Pick<SiteServices, 'objects' | 'tracking'>;

/**
 * FATE's `component/output/data`: the first rows of each data output as lists of cells, and a
 * meta with each output's header, row total and name.
 */
export async function componentOutputData(services: ComponentOutputDataDeps, ref: ComponentRef, limit: number) {
  const outputs = await outputsOf(services, ref, 'data');
  const tables = await Promise.all(
    outputs.map(async (output) => {
      const delimiter = delimiterOf(output);
      const lines = new TextDecoder()
        .decode(await readObject(services, output))
        .split('\n')
        .filter((l) => l !== '');
      const [headerLine = '', ...rows] = lines;
      return {
        rows: (limit < 0 ? rows : rows.slice(0, limit)).map((row) => row.split(delimiter)),
        header: headerLine.split(delimiter),
        total: typeof output.meta.total === 'number' ? output.meta.total : rows.length,
        name: output.name,
      };
    }),
  );
  return {
    data: tables.map((t) => t.rows),
    meta: { header: tables.map((t) => t.header), total: tables.map((t) => t.total), names: tables.map((t) => t.name) },
  };
}

export type ComponentOutputModelDeps = Pick<SiteServices, 'objects' | 'tracking'>;

/**
 * FATE's `component/output/model`: the model's param as `data`, and beside it a meta holding the
 * model's meta (`meta_data`), the module and the component (FATE's model format, meta + param). A
 * component writes one model output; when it wrote several, the first by name is answered.
 */
export async function componentOutputModel(services: ComponentOutputModelDeps, ref: ComponentRef) {
  const [output] = await outputsOf(services, ref, 'model');
  if (output === undefined) throw new NotFoundError(`no model output for ${describeRef(ref)}`);
  const data: unknown = JSON.parse(new TextDecoder().decode(await readObject(services, output)));
  const moduleName = typeof output.meta.model_type === 'string' ? output.meta.model_type : '';
  return {
    data,
    meta: { meta_data: output.meta, module_name: moduleName, component_name: ref.component, model_alias: output.name },
  };
}
