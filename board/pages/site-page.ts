import { html } from 'htm/preact';
import { post } from '../api.js';
import { usePoll } from '../hooks.js';
import { formatTime } from '../lib/format.js';
import { resourceLines, type SiteKey, type SiteView } from '../lib/resources.js';

const keys = (list: readonly SiteKey[]) =>
  list.map((key) => html`<div key=${key.key_id}><code>${key.key_id}</code> <code>${key.fingerprint}</code></div>`);

/**
 * The site (`/v1/site/query`, read again every 2 s): its pool in use and free and the jobs holding
 * it, its queue in the scheduler's order, its own keys, and its peers with their keys'
 * fingerprints and when each last made a verified call.
 */
export function SitePage() {
  const site = usePoll(() => post<SiteView>('/v1/site/query', {}), 2000, 'site');
  const answer = site.value;
  if (answer === undefined) return html`<h1>Site</h1><p>${site.error ?? 'Loading…'}</p>`;
  if (answer.retcode !== 0 || answer.data === undefined) {
    return html`<h1>Site</h1><p role="alert">${answer.retmsg}</p>`;
  }
  const view = answer.data;
  const holders = view.resources?.jobs ?? [];
  return html`
    <h1>Site ${view.party_id}</h1>
    <h2>Resources</h2>
    <table class="data" data-testid="resources">
      <thead><tr><td></td><th scope="col">total</th><th scope="col">in use</th><th scope="col">free</th></tr></thead>
      <tbody>${resourceLines(view.resources).map(
        (line) =>
          html`<tr key=${line.what}><th scope="row">${line.what}</th><td>${line.total}</td><td>${line.inUse}</td><td>${line.free}</td></tr>`,
      )}</tbody>
    </table>
    <p>${holders.length} ${holders.length === 1 ? 'job holds' : 'jobs hold'} resources${holders.length === 0 ? '' : ':'}
      ${holders.map((h) => html`<a key=${`${h.job_id}${h.role}`} href=${`#/job/${h.job_id}`}>${h.job_id}</a> (${h.role ?? ''}, ${h.cores} cores) `)}</p>
    <h2>Queue</h2>
    ${
      view.queue.length === 0
        ? html`<p data-testid="queue">No job waiting.</p>`
        : html`<table class="data" data-testid="queue">
          <thead><tr><th scope="col">#</th><th scope="col">job</th><th scope="col">role</th><th scope="col">cores</th><th scope="col">submitted</th></tr></thead>
          <tbody>${view.queue.map(
            (job) =>
              html`<tr key=${job.job_id}><td>${job.position}</td><td><a href=${`#/job/${job.job_id}`}>${job.job_id}</a></td><td>${job.role}</td><td>${job.cores}</td><td>${formatTime(job.create_time)}</td></tr>`,
          )}</tbody></table>`
    }
    <h2>This site's keys</h2>
    <div data-testid="own-keys">${keys(view.public_keys)}</div>
    <h2>Peers</h2>
    <table class="data" data-testid="peers">
      <thead><tr><th scope="col">party</th><th scope="col">endpoint</th><th scope="col">keys (id, SHA-256 fingerprint)</th><th scope="col">last contact</th></tr></thead>
      <tbody>${view.peers.map(
        (peer) =>
          html`<tr key=${peer.party_id}><td>${peer.party_id}</td><td>${peer.endpoint}</td><td>${keys(peer.public_keys)}</td><td>${peer.last_contact === null ? 'never' : formatTime(peer.last_contact)}</td></tr>`,
      )}</tbody>
    </table>`;
}
