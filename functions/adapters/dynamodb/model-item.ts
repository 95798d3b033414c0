/** PipelinedModel / ServiceBinding ⟷ items (a model in its version's partition, a binding in its own). */
import { isJsonObject } from '../../domain/job/deep-merge.js';
import { isRole, type PartyRef } from '../../domain/job/roles.js';
import type { PipelinedComponent, PipelinedModel, ServiceBinding } from '../../domain/model/pipelined-model.js';
import { ItemReader, withoutUndefined } from './item-reader.js';
import { isRoleParties } from './job-item.js';
import { modelItemKey, serviceBindingItemKey } from './keys.js';
import type { Item } from './operations.js';

export const MODEL_ITEM_TYPE = 'model';
export const BINDING_ITEM_TYPE = 'serviceBinding';

export function toModelItem(model: PipelinedModel): Item {
  return withoutUndefined({
    ...modelItemKey(model.modelVersion, model.role, model.partyId),
    type: MODEL_ITEM_TYPE,
    modelId: model.modelId,
    modelVersion: model.modelVersion,
    role: model.role,
    partyId: model.partyId,
    initiator: { role: model.initiator.role, partyId: model.initiator.partyId },
    roles: model.roles,
    jobId: model.jobId,
    parent: model.parent,
    parentInfo: model.parentInfo,
    trainDsl: model.trainDsl,
    trainRuntimeConf: model.trainRuntimeConf,
    inferenceDsl: model.inferenceDsl,
    components: model.components,
    imported: model.imported,
    createTime: model.createTime,
  });
}

function isPartyRef(value: unknown): value is PartyRef {
  return isJsonObject(value) && isRole(value.role) && typeof value.partyId === 'number';
}

function isComponents(value: unknown): value is Record<string, PipelinedComponent> {
  return (
    isJsonObject(value) &&
    Object.values(value).every(
      (component) =>
        isJsonObject(component) &&
        typeof component.module === 'string' &&
        typeof component.ranHere === 'boolean' &&
        isJsonObject(component.models) &&
        Object.values(component.models).every(
          (output) => isJsonObject(output) && typeof output.location === 'string' && isJsonObject(output.meta),
        ),
    )
  );
}

function isParentInfo(value: unknown): value is { modelId: string; modelVersion: string } {
  return isJsonObject(value) && typeof value.modelId === 'string' && typeof value.modelVersion === 'string';
}

export function fromModelItem(item: Item): PipelinedModel {
  const read = new ItemReader(item, 'model');
  const parentInfo = read.raw('parentInfo');
  return {
    modelId: read.string('modelId'),
    modelVersion: read.string('modelVersion'),
    role: read.oneOf('role', isRole),
    partyId: read.number('partyId'),
    initiator: read.shaped('initiator', isPartyRef, 'a role and party id'),
    roles: read.shaped('roles', isRoleParties, 'a map of role to party ids'),
    jobId: read.string('jobId'),
    parent: read.boolean('parent'),
    ...(parentInfo === undefined
      ? {}
      : { parentInfo: read.shaped('parentInfo', isParentInfo, 'a model id and version') }),
    trainDsl: read.object('trainDsl'),
    trainRuntimeConf: read.object('trainRuntimeConf'),
    inferenceDsl: read.object('inferenceDsl'),
    components: read.shaped('components', isComponents, 'a map of component to module, ranHere and models'),
    imported: read.boolean('imported'),
    createTime: read.number('createTime'),
  };
}

export function toBindingItem(binding: ServiceBinding): Item {
  return { ...serviceBindingItemKey(binding.serviceId), type: BINDING_ITEM_TYPE, ...binding };
}

export function fromBindingItem(item: Item): ServiceBinding {
  const read = new ItemReader(item, 'service binding');
  return {
    serviceId: read.string('serviceId'),
    modelId: read.string('modelId'),
    modelVersion: read.string('modelVersion'),
    role: read.oneOf('role', isRole),
    partyId: read.number('partyId'),
    bindTime: read.number('bindTime'),
    ...(item.table === undefined ? {} : { table: read.shaped('table', isTableRef, 'a table namespace and name') }),
  };
}

function isTableRef(value: unknown): value is { namespace: string; name: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).namespace === 'string' &&
    typeof (value as Record<string, unknown>).name === 'string'
  );
}
