import type { Role } from '../job/roles.js';
import type { PipelinedModel, ServiceBinding } from '../model/pipelined-model.js';

/**
 * The pipelined models stored at this site (deployed, migrated or imported versions; a training
 * version is read from its job) and the service ids bound to them.
 */
export interface ModelStore {
  /** Stores a new version of a party's model; a version is written once ('exists' leaves the stored one). */
  putModel(model: PipelinedModel): Promise<'created' | 'exists'>;
  getModel(modelVersion: string, role: Role, partyId: number): Promise<PipelinedModel | undefined>;
  /** Every party's model of this version at this site (host and arbiter may both be here). */
  listModels(modelVersion: string): Promise<PipelinedModel[]>;
  /** Binds (or binds again) a service id to a model version. */
  putBinding(binding: ServiceBinding): Promise<void>;
  getBinding(serviceId: string): Promise<ServiceBinding | undefined>;
}
