import { html } from 'htm/preact';
import { formatElapsed } from '../lib/format.js';
import { statusColour } from '../lib/status.js';
import type { Timeline } from '../lib/timeline.js';

/** The tasks of each party on one time axis (lib/timeline.ts): a row per party, a bar per task. */
export function TimelineView({ timeline }: { timeline: Timeline }) {
  if (timeline.rows.length === 0) return html`<p>No task has started yet.</p>`;
  return html`
    <div class="timeline" role="table" aria-label="tasks per party over time">
      ${timeline.rows.map(
        (row) => html`
          <div class="timeline-row" role="row" key=${row.party}>
            <div class="timeline-party" role="rowheader">${row.party}</div>
            <div class="timeline-track" role="cell">
              ${row.bars.map(
                (
                  bar,
                ) => html`<div key=${`${bar.component}-${bar.version}`} class="timeline-bar" data-component=${bar.component}
                  style=${{ left: `${bar.from * 100}%`, width: `max(3px, ${(bar.to - bar.from) * 100}%)`, background: statusColour(bar.status) }}
                  title=${`${bar.component} v${bar.version}: ${bar.status}, ${formatElapsed(bar.endMs - bar.startMs)}`}></div>`,
              )}
            </div>
          </div>`,
      )}
      <div class="timeline-axis"><span>0 s</span><span>${formatElapsed(timeline.endMs - timeline.startMs)}</span></div>
    </div>`;
}
