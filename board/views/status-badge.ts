import { html } from 'htm/preact';
import { statusColour } from '../lib/status.js';

export function StatusBadge({ status }: { status: string }) {
  return html`<span class="badge" style=${{ background: statusColour(status) }} data-status=${status}>${status}</span>`;
}
