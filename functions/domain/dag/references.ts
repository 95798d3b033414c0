/**
 * A reference in a component's `input`: what it reads and from where.
 * - `reader_0.data`: output `data` of component `reader_0` (an edge of the DAG);
 * - `pipeline.hetero_lr_0.model`: a model of the trained pipeline (predict jobs only, no edge);
 * - `args.eval_data`: data handed in by the conf (predict DSLs only, a v1 leftover; no edge).
 */
export type Reference =
  | { readonly kind: 'component'; readonly component: string; readonly output: string }
  | { readonly kind: 'pipeline'; readonly component: string; readonly model: string }
  | { readonly kind: 'args'; readonly key: string };

const PART = /^[A-Za-z0-9_-]+$/;

/** Parses a reference, or returns undefined when it has none of the three shapes. */
export function parseReference(text: string): Reference | undefined {
  const parts = text.split('.');
  if (!parts.every((part) => PART.test(part))) return undefined;
  const [first, second, third] = parts;
  if (parts.length === 3 && first === 'pipeline' && second !== undefined && third !== undefined) {
    return { kind: 'pipeline', component: second, model: third };
  }
  if (parts.length !== 2 || first === undefined || second === undefined) return undefined;
  if (first === 'args') return { kind: 'args', key: second };
  return { kind: 'component', component: first, output: second };
}
