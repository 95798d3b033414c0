import { html } from 'htm/preact';
import { post } from '../api.js';
import { usePoll } from '../hooks.js';
import { countsFromSummaryTable } from '../lib/derived-curves.js';
import type { MetricAll } from '../lib/metrics.js';
import { componentHref, jobHref } from '../lib/route.js';
import { isFinal } from '../lib/status.js';
import { LogView } from '../views/log-view.js';
import { MetricsView } from '../views/metrics-view.js';
import { ModelView, OutputView, outputTables } from '../views/output-view.js';
import { StatusBadge } from '../views/status-badge.js';
import { jobLive, loadJob } from './job-page.js';

interface ComponentPageProps {
  readonly jobId: string;
  readonly component: string;
  /** `role:party_id`; the first party this site plays in the job when absent. */
  readonly party?: string;
}

/** What the tracking routes answer for one party's task of the component. */
async function loadOutputs(ref: Record<string, unknown>) {
  const [parameters, metrics, data, model] = await Promise.all([
    post<unknown>('/v1/tracking/component/parameters', ref),
    post<MetricAll>('/v1/tracking/component/metric/all', ref),
    post<unknown>('/v1/tracking/component/output/data', { ...ref, limit: 20 }),
    post<unknown>('/v1/tracking/component/output/model', ref),
  ]);
  return { parameters, metrics, data, model };
}

/**
 * A component at one of this site's parties: parameters, metrics and curves, output data, model and
 * log; read again every 1.5 s while the task runs there (the loss grows an iteration at a time).
 */
export function ComponentPage({ jobId, component, party }: ComponentPageProps) {
  const job = usePoll(
    () => loadJob(jobId),
    1500,
    jobId,
    (view) => jobLive(view, Date.now()),
  );
  const parties = (job.value?.records ?? []).map((r) => ({ role: r.f_role, partyId: r.f_party_id }));
  const chosen = parties.find((p) => `${p.role}:${p.partyId}` === party) ?? parties[0];
  const task = (job.value?.tasks ?? [])
    .filter((t) => t.f_component_name === component && t.f_role === chosen?.role && t.f_party_id === chosen?.partyId)
    .sort((a, b) => b.f_task_version - a.f_task_version)[0];
  const running = task !== undefined && !isFinal(task.f_party_status);
  const ref =
    chosen === undefined
      ? undefined
      : { job_id: jobId, component_name: component, role: chosen.role, party_id: Number(chosen.partyId) };
  const outputs = usePoll(
    () => (ref === undefined ? Promise.resolve(undefined) : loadOutputs(ref)),
    1500,
    `${jobId}/${component}/${chosen?.role}/${chosen?.partyId}/${running}`,
    () => running,
  );
  if (job.value?.error !== undefined) return html`<h1>${component}</h1><p role="alert">${job.value.error}</p>`;
  if (chosen === undefined) return html`<h1>${component}</h1><p>${job.error ?? 'Loading…'}</p>`;
  const o = outputs.value;
  const tables = o?.data.retcode === 0 ? outputTables(o.data.data, o.data.meta) : [];
  const summaryTable = tables.find((t) => t.header.includes('positives'));
  const counts =
    summaryTable === undefined ? new Map() : countsFromSummaryTable(summaryTable.header, summaryTable.rows);
  return html`
    <p><a href=${jobHref(jobId)}>← job ${jobId}</a></p>
    <h1>${component} <small>at ${chosen.role} ${chosen.partyId}</small> ${task === undefined ? null : html`<${StatusBadge} status=${task.f_party_status} />`}</h1>
    <nav aria-label="parties at this site" class="tabs">
      ${parties.map(
        (p) => html`<a key=${`${p.role}:${p.partyId}`} href=${componentHref(jobId, component, `${p.role}:${p.partyId}`)}
          aria-current=${p === chosen ? 'page' : undefined}>${p.role} ${p.partyId}</a>`,
      )}
    </nav>
    ${
      o === undefined
        ? html`<p>${outputs.error ?? 'Loading…'}</p>`
        : html`
      <section aria-labelledby="metrics"><h2 id="metrics">Metrics</h2>
        ${o.metrics.retcode === 0 ? html`<${MetricsView} metrics=${o.metrics.data ?? {}} counts=${counts} />` : html`<p>${o.metrics.retmsg}</p>`}
      </section>
      <section aria-labelledby="model"><h2 id="model">Model</h2>
        ${o.model.retcode === 0 ? html`<${ModelView} model=${o.model.data} />` : html`<p>${o.model.retmsg}</p>`}
      </section>
      <section aria-labelledby="data"><h2 id="data">Output data</h2>
        ${o.data.retcode === 0 ? html`<${OutputView} tables=${tables} />` : html`<p>${o.data.retmsg}</p>`}
      </section>
      <section aria-labelledby="parameters"><h2 id="parameters">Parameters</h2>
        ${o.parameters.retcode === 0 ? html`<pre class="json" tabindex="0">${JSON.stringify(o.parameters.data, null, 2)}</pre>` : html`<p>${o.parameters.retmsg}</p>`}
      </section>`
    }
    <section aria-labelledby="log"><h2 id="log">Log</h2>
      <${LogView} jobId=${jobId} component=${component} role=${chosen.role} partyId=${chosen.partyId} live=${running} />
    </section>`;
}
