import { OperatingError } from '../../../functions/domain/errors.js';
import {
  fitsTransferQuota,
  type TransferUsage,
  transferQuotaRefusal,
} from '../../../functions/domain/federation/transfer-quota.js';
import type { JobStore } from '../../../functions/domain/ports/job-store.js';
import type { ObjectStore } from '../../../functions/domain/ports/object-store.js';
import type { TableRecord, TableStore } from '../../../functions/domain/ports/table-store.js';
import type {
  ComponentRef,
  MetricRecord,
  OutputRecord,
  SummaryRecord,
  TrackingStore,
} from '../../../functions/domain/ports/tracking-store.js';
import type { TransferAdmissionReads } from '../../../functions/domain/ports/transfer-admission.js';
import type { TransferKey, TransferPart, TransferStore } from '../../../functions/domain/ports/transfer-store.js';

const sameRef = (a: ComponentRef, b: ComponentRef): boolean =>
  a.jobId === b.jobId && a.component === b.component && a.role === b.role && a.partyId === b.partyId;

/** Tables by namespace and name; a stored table is kept unless `replace`. */
export class MemoryTableStore implements TableStore {
  private readonly tables = new Map<string, TableRecord>();

  async putTable(table: TableRecord, options: { readonly replace?: boolean } = {}): Promise<'stored' | 'exists'> {
    const key = JSON.stringify([table.namespace, table.name]);
    if (options.replace !== true && this.tables.has(key)) return 'exists';
    this.tables.set(key, structuredClone(table));
    return 'stored';
  }

  async getTable(namespace: string, name: string): Promise<TableRecord | undefined> {
    return structuredClone(this.tables.get(JSON.stringify([namespace, name])));
  }

  async deleteTable(namespace: string, name: string): Promise<TableRecord | undefined> {
    const key = JSON.stringify([namespace, name]);
    const table = this.tables.get(key);
    this.tables.delete(key);
    return table;
  }

  async listTablesOfJob(jobId: string): Promise<TableRecord[]> {
    return [...this.tables.values()].filter((table) => table.jobId === jobId).map((t) => structuredClone(t));
  }

  async setTableEnabled(namespace: string, name: string, enable: boolean): Promise<TableRecord | undefined> {
    const key = JSON.stringify([namespace, name]);
    const table = this.tables.get(key);
    if (table === undefined) return undefined;
    this.tables.set(key, { ...table, enable });
    return structuredClone({ ...table, enable });
  }
}

/** Metrics by namespace and name, outputs by kind and name, one summary: each replaced by a put of the same key. */
export class MemoryTrackingStore implements TrackingStore {
  private readonly metrics: MetricRecord[] = [];
  private readonly outputs: OutputRecord[] = [];
  private readonly summaries: SummaryRecord[] = [];

  async putMetric(metric: MetricRecord): Promise<void> {
    const at = this.metrics.findIndex(
      (m) => sameRef(m, metric) && m.namespace === metric.namespace && m.name === metric.name,
    );
    this.metrics.splice(at === -1 ? this.metrics.length : at, at === -1 ? 0 : 1, structuredClone(metric));
  }

  async listMetrics(ref: ComponentRef): Promise<MetricRecord[]> {
    return this.metrics
      .filter((m) => sameRef(m, ref))
      .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  }

  async getMetric(ref: ComponentRef, namespace: string, name: string): Promise<MetricRecord | undefined> {
    return this.metrics.find((m) => sameRef(m, ref) && m.namespace === namespace && m.name === name);
  }

  async putOutput(output: OutputRecord): Promise<void> {
    const at = this.outputs.findIndex((o) => sameRef(o, output) && o.kind === output.kind && o.name === output.name);
    this.outputs.splice(at === -1 ? this.outputs.length : at, at === -1 ? 0 : 1, structuredClone(output));
  }

  async listOutputs(ref: ComponentRef, kind?: OutputRecord['kind']): Promise<OutputRecord[]> {
    return this.outputs
      .filter((o) => sameRef(o, ref) && (kind === undefined || o.kind === kind))
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  }

  async putSummary(summary: SummaryRecord): Promise<void> {
    const at = this.summaries.findIndex((s) => sameRef(s, summary));
    this.summaries.splice(at === -1 ? this.summaries.length : at, at === -1 ? 0 : 1, structuredClone(summary));
  }

  async getSummary(ref: ComponentRef): Promise<SummaryRecord | undefined> {
    return structuredClone(this.summaries.find((s) => sameRef(s, ref)));
  }

  async clean(ref: ComponentRef): Promise<number> {
    const before = this.metrics.length + this.outputs.length + this.summaries.length;
    const keep = <T extends ComponentRef>(list: T[]) => {
      const kept = list.filter((item) => !sameRef(item, ref));
      list.splice(0, list.length, ...kept);
    };
    keep(this.metrics);
    keep(this.outputs);
    keep(this.summaries);
    return before - this.metrics.length - this.outputs.length - this.summaries.length;
  }
}

const partKey = (key: TransferKey, index: number): string =>
  JSON.stringify([key.jobId, key.src.role, key.src.partyId, key.dest.role, key.dest.partyId, key.tag, index]);

/**
 * Transferred parts, with DynamoTransferStore's rules: identical bytes again are `same`, other
 * bytes under the same key are refused, a new part over the job's quota (the domain's
 * `fitsTransferQuota`) is refused, and expired parts are not listed.
 */
export class MemoryTransferStore implements TransferStore {
  private readonly parts = new Map<string, { readonly part: TransferPart; readonly expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  async putPart(part: TransferPart, expiresAt: number): Promise<'stored' | 'same'> {
    const key = partKey(part, part.index);
    const stored = this.parts.get(key);
    if (stored !== undefined && stored.expiresAt >= this.now()) {
      if (stored.part.count === part.count && Buffer.from(stored.part.bytes).equals(Buffer.from(part.bytes))) {
        return 'same';
      }
      throw new OperatingError(
        `transfer "${part.tag}" of job ${part.jobId}: part ${part.index} is already stored with a different value`,
      );
    }
    const usage = await this.usage(part.jobId);
    if (!fitsTransferQuota(usage, part.bytes.byteLength)) {
      throw new OperatingError(transferQuotaRefusal(part.jobId, usage, part.bytes.byteLength), {
        details: { jobId: part.jobId },
      });
    }
    this.parts.set(key, { part: { ...part, bytes: new Uint8Array(part.bytes) }, expiresAt });
    return 'stored';
  }

  async listParts(key: TransferKey): Promise<TransferPart[]> {
    const prefix = partKey(key, 0).slice(0, -2);
    return [...this.parts.entries()]
      .filter(([stored, { expiresAt }]) => stored.startsWith(prefix) && expiresAt >= this.now())
      .map(([, { part }]) => part)
      .sort((a, b) => a.index - b.index);
  }

  async usage(jobId: string): Promise<TransferUsage> {
    const parts = [...this.parts.values()].filter(({ part }) => part.jobId === jobId);
    return { parts: parts.length, bytes: parts.reduce((sum, { part }) => sum + part.bytes.byteLength, 0) };
  }
}

/** Objects by key. */
/** TransferAdmissionReads from the job and transfer fakes: the two reads at once, one each. */
export function separateAdmissionReads(
  jobs: Pick<JobStore, 'getJobStatus'>,
  transfers: Pick<TransferStore, 'usage'>,
): TransferAdmissionReads {
  return {
    async read(jobId, dest) {
      const [status, usage] = await Promise.all([
        jobs.getJobStatus({ jobId, role: dest.role, partyId: dest.partyId }),
        transfers.usage(jobId),
      ]);
      return { status, usage };
    },
  };
}

export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, Uint8Array>();

  async put(key: string, body: Uint8Array | string): Promise<void> {
    this.objects.set(key, typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body));
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

  async presignPut(key: string, expiresInSeconds: number): Promise<string> {
    return `memory://objects/${key}?expires=${expiresInSeconds}`;
  }
}
