/** A task as FATE's `/v1/job/task/query` answers it, the fields the board reads. */
export interface TaskRow {
  readonly f_component_name: string;
  readonly f_task_version: number;
  readonly f_role: string;
  readonly f_party_id: string;
  readonly f_party_status: string;
  readonly f_start_time: number | null;
  readonly f_end_time: number | null;
}

export interface TimelineBar {
  readonly component: string;
  readonly version: number;
  readonly status: string;
  /** Where the bar starts and ends, as fractions of the timeline's span (0 to 1). */
  readonly from: number;
  readonly to: number;
  readonly startMs: number;
  readonly endMs: number;
}

export interface TimelineRow {
  /** `guest 9999` */
  readonly party: string;
  readonly bars: readonly TimelineBar[];
}

export interface Timeline {
  readonly startMs: number;
  readonly endMs: number;
  readonly rows: readonly TimelineRow[];
}

/**
 * One row per party (in FATE's role order: guest, host, arbiter, then by party id), a bar per task
 * that has started, from its start to its end (or `now` while it runs), on one time axis from the
 * first start to the last end.
 */
export function timeline(tasks: readonly TaskRow[], now: number): Timeline {
  const started = tasks.filter((task) => task.f_start_time !== null);
  if (started.length === 0) return { startMs: now, endMs: now, rows: [] };
  const endOf = (task: TaskRow) => task.f_end_time ?? Math.max(now, task.f_start_time as number);
  const startMs = Math.min(...started.map((task) => task.f_start_time as number));
  const endMs = Math.max(startMs + 1, ...started.map(endOf));
  const span = endMs - startMs;
  const parties = new Map<string, TimelineBar[]>();
  for (const task of [...started].sort((a, b) => (a.f_start_time as number) - (b.f_start_time as number))) {
    const party = `${task.f_role} ${task.f_party_id}`;
    const bars = parties.get(party) ?? [];
    bars.push({
      component: task.f_component_name,
      version: task.f_task_version,
      status: task.f_party_status,
      from: ((task.f_start_time as number) - startMs) / span,
      to: (endOf(task) - startMs) / span,
      startMs: task.f_start_time as number,
      endMs: endOf(task),
    });
    parties.set(party, bars);
  }
  const rows = [...parties].map(([party, bars]) => ({ party, bars }));
  return { startMs, endMs, rows: rows.sort((a, b) => partyOrder(a.party, b.party)) };
}

const ROLE_ORDER = ['guest', 'host', 'arbiter', 'local'];

function partyOrder(a: string, b: string): number {
  const [roleA = '', idA = ''] = a.split(' ');
  const [roleB = '', idB = ''] = b.split(' ');
  const byRole = rank(roleA) - rank(roleB);
  return byRole !== 0 ? byRole : Number(idA) - Number(idB);
}

const rank = (role: string) => (ROLE_ORDER.includes(role) ? ROLE_ORDER.indexOf(role) : ROLE_ORDER.length);

/**
 * Each component's status at every party from the task query: the latest task version of each
 * (component, role, party), as `{ component: [{ party: 'guest 9999', status }] }`.
 */
export function partyStatuses(tasks: readonly TaskRow[]): Map<string, { party: string; status: string }[]> {
  const latest = new Map<string, TaskRow>();
  for (const task of tasks) {
    const key = `${task.f_component_name}\0${task.f_role} ${task.f_party_id}`;
    const seen = latest.get(key);
    if (seen === undefined || seen.f_task_version < task.f_task_version) latest.set(key, task);
  }
  const byComponent = new Map<string, { party: string; status: string }[]>();
  for (const task of latest.values()) {
    const list = byComponent.get(task.f_component_name) ?? [];
    list.push({ party: `${task.f_role} ${task.f_party_id}`, status: task.f_party_status });
    byComponent.set(task.f_component_name, list);
  }
  for (const list of byComponent.values()) list.sort((a, b) => partyOrder(a.party, b.party));
  return byComponent;
}
