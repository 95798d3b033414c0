import dagre from '@dagrejs/dagre';

/** A DSL v2 component as far as the board reads it: its module and where its inputs come from. */
interface DslComponent {
  readonly module?: string;
  readonly input?: Readonly<Record<string, unknown>>;
}

export interface DagInput {
  readonly nodes: readonly { readonly id: string; readonly module: string }[];
  readonly edges: readonly { readonly from: string; readonly to: string }[];
}

/**
 * The components of a FATE DSL v2 and the edges between them: every `component.output` reference
 * in a component's `input` (data of any kind, model, isometric_model, cache) is an edge from that
 * component, once per pair. References to components the DSL does not have are not drawn.
 */
export function dagInput(dsl: unknown): DagInput {
  const components = ((dsl as { components?: Record<string, DslComponent> } | null)?.components ?? {}) as Record<
    string,
    DslComponent
  >;
  const ids = Object.keys(components);
  const edges = new Map<string, { from: string; to: string }>();
  for (const [to, component] of Object.entries(components)) {
    for (const reference of referencesIn(component.input)) {
      const from = reference.split('.')[0] ?? '';
      if (from !== to && ids.includes(from)) edges.set(`${from}\0${to}`, { from, to });
    }
  }
  return {
    nodes: ids.map((id) => ({ id, module: String(components[id]?.module ?? '') })),
    edges: [...edges.values()],
  };
}

function referencesIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(referencesIn);
  return [];
}

export interface PlacedNode {
  readonly id: string;
  readonly module: string;
  /** The node's top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DagLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly {
    readonly from: string;
    readonly to: string;
    readonly points: readonly [number, number][];
  }[];
}

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 64;

/** Top to bottom, as FATE-Board draws a job: dagre places the nodes and routes the edges. */
export function layoutDag(input: DagInput): DagLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 40, marginx: 8, marginy: 8 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of input.nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of input.edges) graph.setEdge(edge.from, edge.to);
  dagre.layout(graph);
  const size = graph.graph();
  return {
    width: Math.ceil(size.width ?? 0),
    height: Math.ceil(size.height ?? 0),
    nodes: input.nodes.map((node) => {
      const placed = graph.node(node.id);
      return {
        ...node,
        x: placed.x - placed.width / 2,
        y: placed.y - placed.height / 2,
        width: placed.width,
        height: placed.height,
      };
    }),
    edges: input.edges.map((edge) => ({
      ...edge,
      points: graph.edge(edge.from, edge.to).points.map((p: { x: number; y: number }): [number, number] => [p.x, p.y]),
    })),
  };
}
