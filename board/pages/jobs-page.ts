import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { post } from '../api.js';
import { usePoll } from '../hooks.js';
import { formatElapsed, formatTime, jobElapsed } from '../lib/format.js';
import { jobHref } from '../lib/route.js';
import { StatusBadge } from '../views/status-badge.js';

/** A row of FATE's `/v1/job/list/job` (its columns without the `f_` prefix). */
interface JobListRow {
  readonly job_id: string;
  readonly description: string;
  readonly status: string;
  readonly role: string;
  readonly party_id: string;
  readonly progress: number;
  readonly start_time: number | null;
  readonly end_time: number | null;
  readonly elapsed: number | null;
}

const STATUSES = ['waiting', 'running', 'success', 'failed', 'canceled', 'timeout'];
const ROLES = ['guest', 'host', 'arbiter', 'local'];

/** The jobs at this site, newest first, read again every 1.5 s; filtered at the site, searched here. */
export function JobsPage() {
  const [status, setStatus] = useState('');
  const [role, setRole] = useState('');
  const [party, setParty] = useState('');
  const [search, setSearch] = useState('');
  const query = {
    limit: 100,
    ...(status === '' ? {} : { status: [status] }),
    ...(role === '' ? {} : { role: [role] }),
    ...(/^\d+$/.test(party) ? { party_id: Number(party) } : {}),
  };
  const jobs = usePoll(
    () => post<{ jobs: JobListRow[]; count: number }>('/v1/job/list/job', query),
    1500,
    JSON.stringify(query),
  );
  const needle = search.trim().toLowerCase();
  const rows = (jobs.value?.data?.jobs ?? []).filter(
    (job) =>
      needle === '' || job.job_id.toLowerCase().includes(needle) || job.description.toLowerCase().includes(needle),
  );
  const now = Date.now();
  return html`
    <h1>Jobs</h1>
    <form class="filters" onSubmit=${(event: Event) => event.preventDefault()}>
      <label>Status <select value=${status} onChange=${(e: Event) => setStatus((e.target as HTMLSelectElement).value)}>
        <option value="">any</option>${STATUSES.map((s) => html`<option value=${s}>${s}</option>`)}</select></label>
      <label>Role <select value=${role} onChange=${(e: Event) => setRole((e.target as HTMLSelectElement).value)}>
        <option value="">any</option>${ROLES.map((r) => html`<option value=${r}>${r}</option>`)}</select></label>
      <label>Party <input inputmode="numeric" size="8" value=${party} onInput=${(e: Event) => setParty((e.target as HTMLInputElement).value)} /></label>
      <label>Search <input type="search" placeholder="job id or description" value=${search} onInput=${(e: Event) => setSearch((e.target as HTMLInputElement).value)} /></label>
    </form>
    ${jobs.value !== undefined && jobs.value.retcode !== 0 ? html`<p role="alert">${jobs.value.retmsg}</p>` : null}
    ${jobs.error === undefined ? null : html`<p role="alert">${jobs.error}</p>`}
    <div class="scroll">
      <table class="data jobs" data-testid="jobs">
        <caption>${rows.length} of ${jobs.value?.data?.count ?? 0} jobs at this site, live</caption>
        <thead><tr>
          <th scope="col">job</th><th scope="col">description</th><th scope="col">status</th><th scope="col">role</th>
          <th scope="col">party</th><th scope="col">start</th><th scope="col">end</th><th scope="col">elapsed</th><th scope="col">progress</th>
        </tr></thead>
        <tbody>
          ${rows.map(
            (job) => html`
              <tr key=${`${job.job_id}-${job.role}-${job.party_id}`} data-job=${job.job_id}>
                <td><a href=${jobHref(job.job_id)}>${job.job_id}</a></td>
                <td>${job.description}</td>
                <td><${StatusBadge} status=${job.status} /></td>
                <td>${job.role}</td>
                <td>${job.party_id}</td>
                <td>${formatTime(job.start_time)}</td>
                <td>${formatTime(job.end_time)}</td>
                <td>${formatElapsed(jobElapsed(job, now))}</td>
                <td><progress max="100" value=${job.progress} aria-label=${`progress of ${job.job_id}`}></progress> ${job.progress}%</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}
