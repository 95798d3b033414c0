import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { ArgumentError, DataError, ServerError } from '../../domain/errors.js';
import { isJsonObject } from '../../domain/job/deep-merge.js';
import { isRole, type PartyRef } from '../../domain/job/roles.js';
import { type PipelinedModel, partyModelId } from '../../domain/model/pipelined-model.js';
import type { SiteServices } from '../site-services.js';
import { type ReadModelDeps, readPartyModel } from './read-model.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** What an archive says it is; a file without it is refused by name. */
export const MODEL_ARCHIVE_FORMAT = 'fate-flow-serverless/pipelined-model/1';

/**
 * An exported model: the party's pipelined model and the content of each component model, as one
 * gzipped JSON document a user moves between sites (FATE exports a zip of the model's folder).
 */
interface ModelArchive {
  readonly format: typeof MODEL_ARCHIVE_FORMAT;
  readonly model: Omit<PipelinedModel, 'components'> & {
    readonly components: Readonly<
      Record<string, { module: string; ranHere: boolean; models: Record<string, { meta: unknown; content: unknown }> }>
    >;
  };
}

export type ExportModelDeps = Pick<SiteServices, 'objects'> & ReadModelDeps;

/** FATE's `model export`: the party's model of the version, as an archive file. */
export async function exportModel(
  deps: ExportModelDeps,
  request: { readonly modelId: string; readonly modelVersion: string; readonly party: PartyRef },
): Promise<{ filename: string; body: Uint8Array }> {
  const model = await readPartyModel(deps, request.modelVersion, request.party);
  const name = partyModelId({ modelId: request.modelId, ...request.party });
  if (model === undefined || model.modelId !== request.modelId) {
    throw new ArgumentError(`Model ${name} ${request.modelVersion} does not exist.`);
  }
  const components: Record<
    string,
    { module: string; ranHere: boolean; models: Record<string, { meta: unknown; content: unknown }> }
  > = {};
  for (const [component, entry] of Object.entries(model.components)) {
    const models: Record<string, { meta: unknown; content: unknown }> = {};
    for (const [output, stored] of Object.entries(entry.models)) {
      const bytes = await deps.objects.get(stored.location);
      if (bytes === undefined)
        throw new ServerError(`model ${component}.${output} of ${name} is missing at ${stored.location}`);
      models[output] = { meta: stored.meta, content: JSON.parse(new TextDecoder().decode(bytes)) };
    }
    components[component] = { module: entry.module, ranHere: entry.ranHere, models };
  }
  const archive: ModelArchive = { format: MODEL_ARCHIVE_FORMAT, model: { ...model, components } };
  const body = await gzipAsync(JSON.stringify(archive));
  return { filename: `${name.replaceAll('#', '~')}_${request.modelVersion}.json.gz`, body: new Uint8Array(body) };
}

export type ImportModelDeps = Pick<SiteServices, 'clock' | 'models' | 'objects' | 'site'>;

/**
 * FATE's `model import`: the archive's model becomes this site's model of the party named by the
 * request, which must be this site's party and one of the model's parties in that role (FATE's
 * check). Its component models are written under `models/`, then the model, last, so that a model
 * is never stored without its contents. A version is imported once.
 */
export async function importModel(
  deps: ImportModelDeps,
  request: { readonly modelId: string; readonly modelVersion: string; readonly party: PartyRef },
  file: Uint8Array | undefined,
): Promise<void> {
  const { party } = request;
  if (file === undefined) throw new ArgumentError('file: the model archive is missing', { details: { field: 'file' } });
  if (party.partyId !== deps.site.partyId) {
    throw new ArgumentError(
      `party_id: this site is party ${deps.site.partyId}; import the model at party ${party.partyId}'s site`,
      {
        details: { field: 'party_id' },
      },
    );
  }
  const archive = await readArchive(file);
  const { model } = archive;
  if (model.modelId !== request.modelId || model.modelVersion !== request.modelVersion) {
    throw new ArgumentError(
      `model_id, model_version: the archive holds model ${model.modelId} ${model.modelVersion}, not ${request.modelId} ${request.modelVersion}`,
    );
  }
  if (model.role !== party.role || !(model.roles[party.role] ?? []).includes(party.partyId)) {
    throw new ArgumentError(`Party id ${party.partyId} is not in model roles, please check if the party id is valid.`, {
      details: { field: 'party_id' },
    });
  }
  if ((await deps.models.getModel(model.modelVersion, party.role, party.partyId)) !== undefined) {
    throw new ArgumentError(
      `model ${model.modelId} ${model.modelVersion} of ${party.role} ${party.partyId} is already here`,
    );
  }
  const components: PipelinedModel['components'] = Object.fromEntries(
    await Promise.all(
      Object.entries(model.components).map(async ([component, entry]) => {
        const models = Object.fromEntries(
          await Promise.all(
            Object.entries(entry.models).map(async ([output, stored]) => {
              const location = `models/${model.modelVersion}/${party.role}/${party.partyId}/${component}/${output}.json`;
              await deps.objects.put(location, JSON.stringify(stored.content), 'application/json');
              const meta = isJsonObject(stored.meta) ? stored.meta : {};
              return [output, { location, meta }] as const;
            }),
          ),
        );
        return [component, { module: entry.module, ranHere: entry.ranHere, models }] as const;
      }),
    ),
  );
  await deps.models.putModel({
    ...model,
    partyId: party.partyId,
    components,
    imported: true,
    createTime: deps.clock(),
  });
}

async function readArchive(file: Uint8Array): Promise<ModelArchive> {
  let parsed: unknown;
  try {
    parsed = JSON.parse((await gunzipAsync(file)).toString('utf8'));
  } catch {
    throw new DataError('file: not a model archive (flow model export makes one)', { details: { field: 'file' } });
  }
  if (!isJsonObject(parsed) || parsed.format !== MODEL_ARCHIVE_FORMAT || !isArchiveModel(parsed.model)) {
    throw new DataError(`file: not a model archive of format ${MODEL_ARCHIVE_FORMAT}`, { details: { field: 'file' } });
  }
  return parsed as unknown as ModelArchive;
}

function isArchiveModel(value: unknown): boolean {
  if (!isJsonObject(value)) return false;
  const text = ['modelId', 'modelVersion', 'role', 'jobId'].every((key) => typeof value[key] === 'string');
  const objects = ['initiator', 'roles', 'trainDsl', 'trainRuntimeConf', 'inferenceDsl', 'components'].every((key) =>
    isJsonObject(value[key]),
  );
  const versionOk = typeof value.modelVersion === 'string' && /^[0-9A-Za-z_-]{1,64}$/.test(value.modelVersion);
  const components = isJsonObject(value.components)
    ? Object.entries(value.components).every(
        ([name, entry]) =>
          /^[A-Za-z0-9_-]{1,100}$/.test(name) &&
          isJsonObject(entry) &&
          typeof entry.module === 'string' &&
          typeof entry.ranHere === 'boolean' &&
          isJsonObject(entry.models) &&
          Object.keys(entry.models).every((output) => /^[A-Za-z0-9_-]{1,100}$/.test(output)),
      )
    : false;
  const party = isRole(value.role) && typeof value.partyId === 'number' && typeof value.createTime === 'number';
  return text && objects && versionOk && components && party && typeof value.parent === 'boolean';
}
