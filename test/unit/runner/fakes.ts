/** In-memory stand-ins for the ports a component context uses: plain maps, no behaviour beyond the contract. */
import type { ObjectStore } from '../../../functions/domain/ports/object-store.js';
import type {
  ComponentRef,
  MetricRecord,
  OutputRecord,
  SummaryRecord,
  TrackingStore,
} from '../../../functions/domain/ports/tracking-store.js';

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

export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, Uint8Array>();

  async put(key: string, body: Uint8Array | string): Promise<void> {
    this.objects.set(key, typeof body === 'string' ? new TextEncoder().encode(body) : body);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.objects.get(key);
  }

  async putStream(key: string, body: AsyncIterable<Uint8Array>): Promise<void> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body) chunks.push(chunk);
    this.objects.set(key, new Uint8Array(Buffer.concat(chunks)));
  }

  async getStream(key: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    const body = this.objects.get(key);
    if (body === undefined) return undefined;
    return (async function* () {
      yield body;
    })();
  }

  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }

  async presignPut(): Promise<string> {
    throw new Error('not used by the runner');
  }

  /** The object as text, for assertions. */
  text(key: string): string | undefined {
    const body = this.objects.get(key);
    return body === undefined ? undefined : new TextDecoder().decode(body);
  }
}
