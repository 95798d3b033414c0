import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { post } from '../api.js';
import { usePoll } from '../hooks.js';
import { formatElapsed, formatTime } from '../lib/format.js';
import { recordsEnded, stillLive } from '../lib/job-live.js';
import { componentHref } from '../lib/route.js';
import { partyStatuses, type TaskRow, timeline } from '../lib/timeline.js';
import { DagView } from '../views/dag-view.js';
import { StatusBadge } from '../views/status-badge.js';
import { TimelineView } from '../views/timeline-view.js';

/** A record of FATE's `/v1/job/query`: one per role this site plays in the job. */
export interface JobRecordRow {
  readonly f_job_id: string;
  readonly f_description: string;
  readonly f_status: string;
  readonly f_role: string;
  readonly f_party_id: string;
  readonly f_progress: number;
  readonly f_dsl: unknown;
  readonly f_start_time: number | null;
  readonly f_end_time: number | null;
  readonly f_elapsed: number | null;
  readonly f_is_initiator: boolean;
}

export interface JobView {
  readonly records: readonly JobRecordRow[];
  readonly tasks: readonly TaskRow[];
  readonly error?: string;
}

/** The job's records and every party's tasks, as this site knows them. */
export async function loadJob(jobId: string): Promise<JobView> {
  const [job, tasks] = await Promise.all([
    post<JobRecordRow[]>('/v1/job/query', { job_id: jobId }),
    post<TaskRow[]>('/v1/job/task/query', { job_id: jobId }),
  ]);
  return {
    records: job.data ?? [],
    tasks: tasks.data ?? [],
    ...(job.retcode === 0 ? {} : { error: job.retmsg }),
  };
}

/** Ended once every record of the job at this site has a final status. */
export const jobEnded = (view: JobView) => recordsEnded(view.records);

/** Whether the job is worth reading again (lib/job-live.ts). */
export const jobLive = (view: JobView, now: number) => stillLive(view.records, view.tasks, now);

/** A job: its DAG with every party's status, live; the tasks per party over time; stop and rerun. */
export function JobPage({ jobId }: { jobId: string }) {
  const job = usePoll(
    () => loadJob(jobId),
    1000,
    jobId,
    (view) => jobLive(view, Date.now()),
  );
  const [confirming, setConfirming] = useState(false);
  const [said, setSaid] = useState<string | undefined>();
  const view = job.value;
  const record = view?.records[0];
  if (view?.error !== undefined) return html`<h1>Job ${jobId}</h1><p role="alert">${view.error}</p>`;
  if (record === undefined) return html`<h1>Job ${jobId}</h1><p>${job.error ?? 'Loading…'}</p>`;
  const act = async (path: string, body: unknown) => {
    setConfirming(false);
    const answer = await post(path, body);
    setSaid(
      answer.retcode === 0
        ? `${path.split('/').pop()}: ${answer.retmsg}`
        : `refused (${answer.retcode}): ${answer.retmsg}`,
    );
    job.refresh();
  };
  const statuses = partyStatuses(view?.tasks ?? []);
  const ended = jobEnded(view as JobView);
  return html`
    <h1>Job ${jobId}</h1>
    <dl class="facts">
      <dt>status</dt><dd data-testid="job-status"><${StatusBadge} status=${record.f_status} /></dd>
      <dt>progress</dt><dd>${record.f_progress}%</dd>
      <dt>at this site</dt><dd>${view?.records.map((r) => `${r.f_role} ${r.f_party_id}`).join(', ')}</dd>
      <dt>start</dt><dd>${formatTime(record.f_start_time)}</dd>
      <dt>end</dt><dd>${formatTime(record.f_end_time)}</dd>
      <dt>elapsed</dt><dd>${formatElapsed(record.f_elapsed)}</dd>
      ${record.f_description === '' ? null : html`<dt>description</dt><dd>${record.f_description}</dd>`}
    </dl>
    <div class="actions">
      ${
        confirming
          ? html`<button type="button" class="danger" onClick=${() => act('/v1/job/stop', { job_id: jobId })}>Confirm: stop at every party</button>
               <button type="button" onClick=${() => setConfirming(false)}>Keep it running</button>`
          : html`<button type="button" disabled=${ended} onClick=${() => setConfirming(true)}>Stop</button>`
      }
      <button type="button" disabled=${!ended || record.f_status === 'success'} onClick=${() => act('/v1/job/rerun', { job_id: jobId })}>Rerun</button>
      <span role="status" data-testid="action-result">${said ?? ''}</span>
    </div>
    <h2>Components</h2>
    <div class="scroll"><${DagView} jobId=${jobId} dsl=${record.f_dsl} statuses=${statuses} /></div>
    <ul class="component-links">
      ${[...statuses.keys()].map((component) => html`<li key=${component}><a href=${componentHref(jobId, component)}>${component}</a></li>`)}
    </ul>
    <h2>Tasks per party</h2>
    <${TimelineView} timeline=${timeline(view?.tasks ?? [], Date.now())} />`;
}
