import type { Role } from '../../../functions/domain/job/roles.js';
import type { PipelinedModel, ServiceBinding } from '../../../functions/domain/model/pipelined-model.js';
import type { ModelStore } from '../../../functions/domain/ports/model-store.js';

/** ModelStore in memory: a version is written once per party, as the DynamoDB adapter's conditional put. */
export class MemoryModelStore implements ModelStore {
  private readonly models = new Map<string, PipelinedModel>();
  private readonly bindings = new Map<string, ServiceBinding>();

  async putModel(model: PipelinedModel): Promise<'created' | 'exists'> {
    const key = JSON.stringify([model.modelVersion, model.role, model.partyId]);
    if (this.models.has(key)) return 'exists';
    this.models.set(key, structuredClone(model));
    return 'created';
  }

  async getModel(modelVersion: string, role: Role, partyId: number): Promise<PipelinedModel | undefined> {
    const model = this.models.get(JSON.stringify([modelVersion, role, partyId]));
    return model === undefined ? undefined : structuredClone(model);
  }

  async listModels(modelVersion: string): Promise<PipelinedModel[]> {
    // The adapter's sort-key order: `MODEL#<role>#<party>`.
    const sortKey = (m: PipelinedModel) => `${m.role}#${m.partyId}`;
    return [...this.models.values()]
      .filter((m) => m.modelVersion === modelVersion)
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0))
      .map((m) => structuredClone(m));
  }

  async putBinding(binding: ServiceBinding): Promise<void> {
    this.bindings.set(binding.serviceId, { ...binding });
  }

  async getBinding(serviceId: string): Promise<ServiceBinding | undefined> {
    const binding = this.bindings.get(serviceId);
    return binding === undefined ? undefined : { ...binding };
  }
}
