/** FATE's `/v1/resource/query` answer, the fields the site page reads. */
export interface ResourceQuery {
  readonly computing_engine_resource?: {
    readonly f_engine_name?: string;
    readonly f_cores?: number;
    readonly f_remaining_cores?: number;
    readonly f_memory?: number;
    readonly f_remaining_memory?: number;
  };
  readonly use_resource_job?: readonly unknown[];
}

export interface ResourceLine {
  readonly what: string;
  readonly total: number;
  readonly inUse: number;
  readonly free: number;
}

/** Cores and memory of the site's pool: total, in use by jobs, free. Memory only when the pool counts it. */
export function resourceLines(query: ResourceQuery): ResourceLine[] {
  const pool = query.computing_engine_resource ?? {};
  const line = (what: string, total = 0, free = 0) => ({ what, total, inUse: total - free, free });
  const lines = [line('cores', pool.f_cores, pool.f_remaining_cores)];
  if ((pool.f_memory ?? 0) > 0) lines.push(line('memory (MB)', pool.f_memory, pool.f_remaining_memory));
  return lines;
}
