import { html } from 'htm/preact';
import { post } from '../api.js';
import { usePoll } from '../hooks.js';
import { formatTime } from '../lib/format.js';
import { type ResourceQuery, resourceLines } from '../lib/resources.js';

interface PartyRow {
  readonly party_id: number;
  readonly endpoint: string;
  readonly public_keys: readonly { readonly key_id: string }[];
  readonly update_time: number;
}

/**
 * The site: its resources (FATE's `/v1/resource/query`) and the peers it knows with their key ids
 * (`/v1/party/list`), read again every 2 s.
 */
export function SitePage() {
  const site = usePoll(
    async () => {
      const [resources, parties] = await Promise.all([
        post<ResourceQuery>('/v1/resource/query', {}),
        post<PartyRow[]>('/v1/party/list', {}),
      ]);
      return { resources, parties };
    },
    2000,
    'site',
  );
  const value = site.value;
  if (value === undefined) return html`<h1>Site</h1><p>${site.error ?? 'Loading…'}</p>`;
  const resources = value.resources.data ?? {};
  return html`
    <h1>Site</h1>
    <h2>Resources</h2>
    ${
      value.resources.retcode === 0
        ? html`<table class="data" data-testid="resources">
          <thead><tr><td></td><th scope="col">total</th><th scope="col">in use</th><th scope="col">free</th></tr></thead>
          <tbody>${resourceLines(resources).map(
            (line) =>
              html`<tr key=${line.what}><th scope="row">${line.what}</th><td>${line.total}</td><td>${line.inUse}</td><td>${line.free}</td></tr>`,
          )}</tbody>
        </table>
        <p>${(resources.use_resource_job ?? []).length} jobs holding resources</p>`
        : html`<p role="alert">${value.resources.retmsg}</p>`
    }
    <h2>Peers</h2>
    ${
      value.parties.retcode === 0
        ? html`<table class="data" data-testid="peers">
          <thead><tr><th scope="col">party</th><th scope="col">endpoint</th><th scope="col">keys</th><th scope="col">updated</th></tr></thead>
          <tbody>${(value.parties.data ?? []).map(
            (p) =>
              html`<tr key=${p.party_id}><td>${p.party_id}</td><td>${p.endpoint}</td><td><code>${p.public_keys.map((k) => k.key_id).join(', ')}</code></td><td>${formatTime(p.update_time)}</td></tr>`,
          )}</tbody></table>`
        : html`<p role="alert">${value.parties.retmsg}</p>`
    }`;
}
