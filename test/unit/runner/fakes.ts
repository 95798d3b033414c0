/** In-memory stand-ins for the ports a component context uses: plain maps, no behaviour beyond the contract. */
import type {
  ComponentRef,
  MetricRecord,
  OutputRecord,
  SummaryRecord,
  TrackingStore,
} from '../../../functions/domain/ports/tracking-store.js';
import { MemoryObjectStore as SharedObjectStore } from '../../support/fakes/memory-data-stores.js';

const refKey = (ref: ComponentRef): string => JSON.stringify([ref.jobId, ref.component, ref.role, ref.partyId]);

export class MemoryTrackingStore implements TrackingStore {
  readonly metrics = new Map<string, MetricRecord>();
  readonly outputs = new Map<string, OutputRecord>();
  readonly summaries = new Map<string, SummaryRecord>();

  async putMetric(metric: MetricRecord): Promise<void> {
    this.metrics.set(`${refKey(metric)}|${metric.namespace}|${metric.name}`, metric);
  }

  async listMetrics(ref: ComponentRef): Promise<MetricRecord[]> {
    return [...this.metrics.values()].filter((metric) => refKey(metric) === refKey(ref));
  }

  async getMetric(ref: ComponentRef, namespace: string, name: string): Promise<MetricRecord | undefined> {
    return this.metrics.get(`${refKey(ref)}|${namespace}|${name}`);
  }

  async putOutput(output: OutputRecord): Promise<void> {
    this.outputs.set(`${refKey(output)}|${output.kind}|${output.name}`, output);
  }

  async listOutputs(ref: ComponentRef, kind?: OutputRecord['kind']): Promise<OutputRecord[]> {
    return [...this.outputs.values()].filter(
      (output) => refKey(output) === refKey(ref) && (kind === undefined || output.kind === kind),
    );
  }

  async putSummary(summary: SummaryRecord): Promise<void> {
    this.summaries.set(refKey(summary), summary);
  }

  async getSummary(ref: ComponentRef): Promise<SummaryRecord | undefined> {
    return this.summaries.get(refKey(ref));
  }

  async clean(ref: ComponentRef): Promise<number> {
    let removed = 0;
    for (const map of [this.metrics, this.outputs, this.summaries] as Map<string, ComponentRef>[]) {
      for (const [key, record] of map) {
        if (refKey(record) !== refKey(ref)) continue;
        map.delete(key);
        removed += 1;
      }
    }
    return removed;
  }
}

/** The shared in-memory object store, with an object's text for the runner tests' assertions. */
export class MemoryObjectStore extends SharedObjectStore {
  /** The object as text, for assertions. */
  text(key: string): string | undefined {
    const body = this.objects.get(key);
    return body === undefined ? undefined : new TextDecoder().decode(body);
  }
}
