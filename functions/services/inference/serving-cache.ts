import type { ServingPipeline } from '../../domain/inference/serving-pipeline.js';
import type { PipelinedModel } from '../../domain/model/pipelined-model.js';
import type { ObjectStore } from '../../domain/ports/object-store.js';
import { readServingPipeline } from './serving-pipeline-reader.js';

/** How many party models one warm process keeps ready; the oldest loaded goes first. */
const MAX_CACHED_MODELS = 32;

/**
 * Pipelines already read, per object store — one per site composition, so a warm Lambda or a
 * local site's process reads a model version from the store once. A component model is never
 * rewritten (docs/models.md), so a version's pipeline never goes stale; a failed read is not kept.
 */
const cache = new WeakMap<ObjectStore, Map<string, Promise<ServingPipeline>>>();

export function servingPipeline(objects: ObjectStore, model: PipelinedModel): Promise<ServingPipeline> {
  let site = cache.get(objects);
  if (site === undefined) {
    site = new Map();
    cache.set(objects, site);
  }
  const key = `${model.role}#${model.partyId}#${model.modelVersion}`;
  const cached = site.get(key);
  if (cached !== undefined) return cached;
  const loading = readServingPipeline(objects, model);
  site.set(key, loading);
  loading.catch(() => site.delete(key));
  if (site.size > MAX_CACHED_MODELS) {
    const [oldest] = site.keys();
    if (oldest !== undefined) site.delete(oldest);
  }
  return loading;
}
