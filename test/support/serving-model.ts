/**
 * A deployed hetero-LR model at a guest and a host, stored as the real stores keep one, for online
 * inference tests: the component models in FATE's format (the runner's own HeteroLR `modelOf`,
 * DataTransform's and FeatureScale's model shapes), each party's pipelined model of a deployed
 * version of an existing job, the host's feature table, and both service bindings made through
 * `bindModel`.
 */

import type { RoleParties } from '../../functions/domain/job/roles.js';
import type { PipelinedModel } from '../../functions/domain/model/pipelined-model.js';
import { bindModel } from '../../functions/services/models/serve-model.js';
import type { SiteServices } from '../../functions/services/site-services.js';
import { modelOf } from '../../runner/components/hetero-lr/outputs.js';

export interface PartyWeights {
  readonly features: readonly string[];
  readonly coef: readonly number[];
}

export interface ServingModelSpec {
  /** An existing job at both sites (its head is what every model.infer is checked against). */
  readonly jobId: string;
  readonly modelId: string;
  readonly version: string;
  readonly serviceId: string;
  readonly guest: PartyWeights & { readonly intercept: number };
  readonly host: PartyWeights;
  /** The guest's FeatureScale, if the pipeline has one. */
  readonly guestScale?: Readonly<
    Record<string, { column_lower: number; column_upper: number; mean: number; std: number }>
  >;
  /** The host's feature table: the id column then its features, one row per id. */
  readonly hostRows: Readonly<Record<string, readonly number[]>>;
  readonly guestPartyId: number;
  readonly hostPartyId: number;
  readonly roles: RoleParties;
  /** A HomoLR model instead (the guest's alone: no host is asked). @default 'HeteroLR' */
  readonly lrModule?: 'HeteroLR' | 'HomoLR';
  /** Another module in the guest's pipeline, one online inference does not run. */
  readonly extraGuestModule?: string;
}

const HOST_TABLE = { namespace: 'serving', name: 'host_features' };

function lrModel(role: 'guest' | 'host', partyId: number, weights: PartyWeights, intercept?: number) {
  // The runner's own writer of FATE's HeteroLR model param: it reads only the role and party of its context.
  const ctx = { role, partyId } as unknown as Parameters<typeof modelOf>[0];
  return modelOf(
    ctx,
    {
      weights: { coef: [...weights.coef], intercept },
      iterations: 30,
      converged: false,
      losses: [],
      bestIteration: -1,
    },
    { featureNames: [...weights.features] } as unknown as Parameters<typeof modelOf>[2],
  );
}

function dataTransformModel(features: readonly string[], labelName: string | null) {
  return {
    meta: {
      input_format: 'dense',
      data_type: 'float64',
      with_label: labelName !== null,
      label_name: labelName,
      label_type: 'int',
      output_format: 'dense',
      missing_fill: false,
      default_value: 0,
      missing_impute: null,
    },
    param: { sid_name: 'id', label_name: labelName, header: [...features] },
  };
}

async function storeParty(
  services: SiteServices,
  spec: ServingModelSpec,
  role: 'guest' | 'host',
  contents: Record<string, { module: string; model: unknown }>,
): Promise<void> {
  const partyId = role === 'guest' ? spec.guestPartyId : spec.hostPartyId;
  const components: Record<string, PipelinedModel['components'][string]> = {
    reader_0: { module: 'Reader', ranHere: true, models: {} },
  };
  for (const [name, { module, model }] of Object.entries(contents)) {
    const location = `outputs/${spec.jobId}/${name}/${role}/${partyId}/v0/model.json`;
    await services.objects.put(location, JSON.stringify(model));
    components[name] = { module, ranHere: true, models: { model: { location, meta: { model_type: module } } } };
  }
  const inference = Object.fromEntries(
    Object.entries(components).map(([name, component]) => [name, { module: component.module }]),
  );
  await services.models.putModel({
    modelId: spec.modelId,
    modelVersion: spec.version,
    role,
    partyId,
    initiator: { role: 'guest', partyId: spec.guestPartyId },
    roles: spec.roles,
    jobId: spec.jobId,
    parent: false,
    parentInfo: { modelId: spec.modelId, modelVersion: spec.jobId },
    trainDsl: { components: inference },
    trainRuntimeConf: {},
    inferenceDsl: { components: inference },
    components,
    imported: false,
    createTime: 1,
  });
}

/** Stores the models, the host's table, and binds the service at both parties. */
export async function installServingModel(guest: SiteServices, host: SiteServices, spec: ServingModelSpec) {
  const guestContents: Record<string, { module: string; model: unknown }> = {
    data_transform_0: { module: 'DataTransform', model: dataTransformModel(spec.guest.features, 'y') },
  };
  if (spec.guestScale !== undefined) {
    guestContents.scale_0 = {
      module: 'FeatureScale',
      model: { model_type: 'FeatureScale', method: 'standard_scale', col_scale_param: spec.guestScale },
    };
  }
  if (spec.extraGuestModule !== undefined) {
    guestContents.extra_0 = { module: spec.extraGuestModule, model: { model_type: spec.extraGuestModule } };
  }
  const lrModule = spec.lrModule ?? 'HeteroLR';
  guestContents.lr_0 = {
    module: lrModule,
    // HomoLR's model param has HeteroLR's guest fields (runner/components/homo-lr.ts), under its own model_type.
    model: { ...lrModel('guest', spec.guestPartyId, spec.guest, spec.guest.intercept), model_type: lrModule },
  };
  await storeParty(guest, spec, 'guest', guestContents);
  await storeParty(host, spec, 'host', {
    data_transform_0: { module: 'DataTransform', model: dataTransformModel(spec.host.features, null) },
    lr_0: { module: 'HeteroLR', model: lrModel('host', spec.hostPartyId, spec.host) },
  });

  const location = `tables/${HOST_TABLE.namespace}/${HOST_TABLE.name}/${spec.jobId}.csv`;
  const lines = [['id', ...spec.host.features].join(',')];
  for (const [id, values] of Object.entries(spec.hostRows)) lines.push([id, ...values.map(String)].join(','));
  await host.objects.put(location, `${lines.join('\n')}\n`);
  await host.tables.putTable({
    ...HOST_TABLE,
    count: Object.keys(spec.hostRows).length,
    partitions: 1,
    schema: { header: spec.host.features.join(','), sid: 'id' },
    idDelimiter: ',',
    location,
    engine: 'STANDALONE',
    origin: 'upload',
    enable: true,
    extendSid: false,
    jobId: spec.jobId,
    createTime: 1,
  });

  const ref = { modelId: spec.modelId, modelVersion: spec.version, serviceId: spec.serviceId };
  await bindModel(guest, ref);
  await bindModel(host, { ...ref, table: HOST_TABLE });
  return { hostTable: HOST_TABLE };
}
