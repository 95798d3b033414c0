/** `/v1/site/query`'s answer (functions/api/routes/site-view-routes.ts), the fields the site page reads. */
export interface SiteView {
  readonly party_id: number;
  readonly resources?: {
    readonly engine_name: string;
    readonly cores: number;
    readonly memory: number;
    readonly remaining_cores: number;
    readonly remaining_memory: number;
    readonly jobs: readonly {
      readonly job_id: string;
      readonly role?: string;
      readonly cores: number;
      readonly initiator_party_id?: number;
    }[];
  } | null;
  readonly queue: readonly {
    readonly position: number;
    readonly job_id: string;
    readonly role: string;
    readonly cores: number;
    readonly create_time: number;
  }[];
  readonly public_keys: readonly SiteKey[];
  readonly peers: readonly {
    readonly party_id: number;
    readonly endpoint: string;
    readonly public_keys: readonly SiteKey[];
    readonly last_contact: number | null;
  }[];
}

export interface SiteKey {
  readonly key_id: string;
  readonly fingerprint: string;
}

export interface ResourceLine {
  readonly what: string;
  readonly total: number;
  readonly inUse: number;
  readonly free: number;
}

/** Cores and memory of the site's pool: total, in use by jobs, free. Memory only when the pool counts it. */
export function resourceLines(resources: SiteView['resources']): ResourceLine[] {
  if (resources === undefined || resources === null) return [];
  const line = (what: string, total: number, free: number) => ({ what, total, inUse: total - free, free });
  const lines = [line('cores', resources.cores, resources.remaining_cores)];
  if (resources.memory > 0) lines.push(line('memory (MB)', resources.memory, resources.remaining_memory));
  return lines;
}
