import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { dagInput, layoutDag, NODE_HEIGHT, NODE_WIDTH } from '../../../board/lib/dag.js';

const example = fileURLToPath(new URL('../../../examples/hetero-lr/dsl.json', import.meta.url));

describe('the board DAG', () => {
  it("reads the hetero-LR DSL's five components and four edges", async () => {
    const input = dagInput(JSON.parse(await readFile(example, 'utf8')));
    expect(input).toEqual({
      nodes: [
        { id: 'reader_0', module: 'Reader' },
        { id: 'data_transform_0', module: 'DataTransform' },
        { id: 'intersection_0', module: 'Intersection' },
        { id: 'hetero_lr_0', module: 'HeteroLR' },
        { id: 'evaluation_0', module: 'Evaluation' },
      ],
      edges: [
        { from: 'reader_0', to: 'data_transform_0' },
        { from: 'data_transform_0', to: 'intersection_0' },
        { from: 'intersection_0', to: 'hetero_lr_0' },
        { from: 'hetero_lr_0', to: 'evaluation_0' },
      ],
    });
  });

  it('draws an edge per referenced component once, from data, model and validate inputs alike, and none to unknown ones', () => {
    const input = dagInput({
      components: {
        a: { module: 'Reader' },
        b: { module: 'Reader' },
        lr: {
          module: 'HeteroLR',
          input: { data: { train_data: ['a.data'], validate_data: ['b.data'] }, model: ['a.model', 'ghost.model'] },
        },
      },
    });
    expect(input.edges).toEqual([
      { from: 'a', to: 'lr' },
      { from: 'b', to: 'lr' },
    ]);
  });

  it('takes anything but a DSL as no components', () => {
    expect(dagInput(null)).toEqual({ nodes: [], edges: [] });
    expect(dagInput({ components: {} })).toEqual({ nodes: [], edges: [] });
  });

  it('lays a chain out top to bottom, the nodes apart, each edge from its source to its target', () => {
    const layout = layoutDag({
      nodes: [
        { id: 'a', module: 'A' },
        { id: 'b', module: 'B' },
        { id: 'c', module: 'C' },
      ],
      edges: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
      ],
    });
    const [a, b, c] = layout.nodes;
    expect(layout.nodes.map((n) => [n.width, n.height])).toEqual([
      [NODE_WIDTH, NODE_HEIGHT],
      [NODE_WIDTH, NODE_HEIGHT],
      [NODE_WIDTH, NODE_HEIGHT],
    ]);
    expect(b?.y).toBeGreaterThanOrEqual((a?.y ?? 0) + NODE_HEIGHT);
    expect(c?.y).toBeGreaterThanOrEqual((b?.y ?? 0) + NODE_HEIGHT);
    expect(layout.height).toBeGreaterThanOrEqual((c?.y ?? 0) + NODE_HEIGHT);
    const first = layout.edges[0]?.points;
    expect(first?.[0]?.[1]).toBe((a?.y ?? 0) + NODE_HEIGHT);
    expect(first?.at(-1)?.[1]).toBe(b?.y);
  });
});
