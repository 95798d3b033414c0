import { html } from 'htm/preact';
import { useMemo } from 'preact/hooks';
import { dagInput, layoutDag } from '../lib/dag.js';
import { componentHref } from '../lib/route.js';
import { componentStatus, statusColour } from '../lib/status.js';

interface DagViewProps {
  readonly jobId: string;
  readonly dsl: unknown;
  /** Each component's status at every party (lib/timeline.ts partyStatuses). */
  readonly statuses: ReadonlyMap<string, readonly { party: string; status: string }[]>;
}

const CHIP = 12;

/**
 * The job's DAG as FATE-Board draws it: dagre's layout, drawn as SVG; a node's fill is the
 * component's status over its parties, and a chip per party shows that party's own. Each node is a
 * link to the component's page (Tab reaches it, Enter opens it).
 */
export function DagView({ jobId, dsl, statuses }: DagViewProps) {
  const layout = useMemo(() => layoutDag(dagInput(dsl)), [dsl]);
  return html`
    <svg class="dag" width=${layout.width} height=${layout.height} viewBox=${`0 0 ${layout.width} ${layout.height}`} role="group" aria-label="the job's components">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#57606a" />
        </marker>
      </defs>
      ${layout.edges.map(
        (edge) =>
          html`<polyline key=${`${edge.from}-${edge.to}`} class="dag-edge" points=${edge.points.map((p) => p.join(',')).join(' ')} marker-end="url(#arrow)" />`,
      )}
      ${layout.nodes.map((node) => {
        const parties = statuses.get(node.id) ?? [];
        const status = componentStatus(parties.map((p) => p.status));
        return html`
          <a key=${node.id} href=${componentHref(jobId, node.id)} class="dag-node" data-testid="dag-node" data-component=${node.id} data-status=${status}
             aria-label=${`${node.id} (${node.module}): ${status}; ${parties.map((p) => `${p.party} ${p.status}`).join(', ')}`}>
            <rect x=${node.x} y=${node.y} width=${node.width} height=${node.height} rx="8" fill=${statusColour(status)} />
            <text x=${node.x + 10} y=${node.y + 20} class="dag-name">${node.id}</text>
            <text x=${node.x + 10} y=${node.y + 36} class="dag-module">${node.module} · ${status}</text>
            ${parties.map(
              (
                p,
                i,
              ) => html`<rect key=${p.party} x=${node.x + 10 + i * (CHIP + 4)} y=${node.y + node.height - CHIP - 6} width=${CHIP} height=${CHIP} rx="2"
                fill=${statusColour(p.status)} stroke="#fff" data-party=${p.party} data-status=${p.status}><title>${p.party}: ${p.status}</title></rect>`,
            )}
          </a>`;
      })}
    </svg>`;
}
