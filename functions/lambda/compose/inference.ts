import { createS3Client, S3ObjectStore } from '../../adapters/objects/s3-object-store.js';
import type { InferenceEntryDeps } from '../../services/entry-deps.js';
import type { SiteEnvConfig } from '../read-site-env.js';
import { peersThroughFederationOf, signingKeysOf, storesOf } from './builders.js';
import { siteConfigOf } from './site-config.js';

/**
 * What FATE-Serving's guest routes use: the service binding and the guest's model (store items, S3
 * component models), and the peer client that signs each host's `model.infer`. No runner, no
 * workflow, no bus: a Lambda answers a request start to end.
 */
export function composeInference(config: SiteEnvConfig, clock: () => number = Date.now): InferenceEntryDeps {
  const stores = storesOf(config, clock);
  const signingKeys = signingKeysOf(config, clock);
  return {
    site: siteConfigOf(config),
    jobs: stores.jobs,
    models: stores.models,
    tracking: stores.tracking,
    objects: new S3ObjectStore(createS3Client(), { bucket: config.bucket }),
    peers: peersThroughFederationOf(config, stores.parties, signingKeys, clock),
    clock,
  };
}
