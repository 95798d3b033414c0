import { ArgumentError } from '../errors.js';
import { DATA_INPUT_KEYS, type Dsl, type DslComponent } from '../job/dsl-schema.js';
import type { JobType } from '../job/job-parameters.js';
import { createDag, type Dag } from './dag.js';
import { parseReference } from './references.js';
import { assertAcyclic } from './topology.js';

/** Which declared output list a kind of input must name. */
type InputKind = 'data' | 'model' | 'isometric_model' | 'cache';
const OUTPUT_LIST_OF: Record<InputKind, 'data' | 'model' | 'cache'> = {
  data: 'data',
  model: 'model',
  isometric_model: 'model',
  cache: 'cache',
};

export interface BuiltDag {
  readonly dag: Dag;
  readonly warnings: readonly string[];
}

interface InputList {
  readonly kind: InputKind;
  readonly path: string;
  readonly references: readonly string[];
}

function inputListsOf(name: string, component: DslComponent): InputList[] {
  const base = `dsl.components.${name}.input`;
  const lists: InputList[] = [];
  for (const [key, references] of Object.entries(component.input?.data ?? {})) {
    lists.push({ kind: 'data', path: `${base}.data.${key}`, references });
  }
  for (const kind of ['model', 'isometric_model', 'cache'] as const) {
    const references = component.input?.[kind];
    if (references) lists.push({ kind, path: `${base}.${kind}`, references });
  }
  return lists;
}

/**
 * Resolves every `input` reference of the DSL against the outputs the upstream components
 * declare, and builds the DAG. Throws an ArgumentError naming the component, the input and the
 * reference at the first problem; a cycle is reported with its components in order.
 */
export function buildDag(dsl: Dsl, jobType: JobType): BuiltDag {
  const components = new Map(Object.entries(dsl.components));
  const warnings: string[] = [];
  const upstream = new Map<string, string[]>();

  for (const [name, component] of components) {
    const ups: string[] = [];
    upstream.set(name, ups);
    if (component.module === 'Reader' && component.input !== undefined) {
      throw new ArgumentError(`dsl.components.${name}.input: a Reader has outputs only; remove its input`, {
        details: { field: `dsl.components.${name}.input`, component: name },
      });
    }
    for (const key of Object.keys(component.input?.data ?? {})) {
      if (!(DATA_INPUT_KEYS as readonly string[]).includes(key)) {
        warnings.push(
          `dsl.components.${name}.input.data.${key}: "${key}" is not one of FATE's data inputs (${DATA_INPUT_KEYS.join(', ')})`,
        );
      }
    }
    for (const list of inputListsOf(name, component)) {
      list.references.forEach((text, index) => {
        const up = resolveReference(text, `${list.path}[${index}]`, list.kind, jobType, components);
        if (up !== undefined) ups.push(up);
      });
    }
  }

  const dag = createDag([...components.keys()], upstream);
  assertAcyclic(dag);
  return { dag, warnings };
}

/** Checks one reference; returns the upstream component it creates an edge to, if any. */
function resolveReference(
  text: string,
  path: string,
  kind: InputKind,
  jobType: JobType,
  components: ReadonlyMap<string, DslComponent>,
): string | undefined {
  const fail = (message: string) => {
    throw new ArgumentError(`${path}: ${message}`, { details: { field: path, reference: text } });
  };
  const reference = parseReference(text);
  if (reference === undefined) {
    return fail(`"${text}" is not a reference; write "<component>.<output name>", e.g. "reader_0.data"`);
  }
  if (reference.kind === 'pipeline') {
    if (jobType !== 'predict') {
      return fail(`"${text}" reads a model of a trained pipeline; only predict jobs (job_type "predict") may do that`);
    }
    if (kind !== 'model' && kind !== 'isometric_model') {
      return fail(`"${text}" is a pipeline model; it belongs under input.model or input.isometric_model`);
    }
    return undefined;
  }
  if (reference.kind === 'args' && !components.has('args')) {
    if (jobType !== 'predict') return fail(`"${text}" is a v1 "args." input, accepted only in predict DSLs`);
    if (kind !== 'data') return fail(`"${text}" is an "args." data input; it belongs under input.data`);
    return undefined;
  }
  const component = reference.kind === 'component' ? reference.component : 'args';
  const output = reference.kind === 'component' ? reference.output : reference.key;
  const upstream = components.get(component);
  if (upstream === undefined)
    return fail(`"${text}" refers to component "${component}", which the DSL does not declare`);
  const listName = OUTPUT_LIST_OF[kind];
  const declared = upstream.output?.[listName] ?? [];
  if (!declared.includes(output)) {
    const known =
      declared.length > 0 ? `its ${listName} outputs are: ${declared.join(', ')}` : `it declares no ${listName} output`;
    return fail(`"${text}": component "${component}" has no ${listName} output named "${output}" (${known})`);
  }
  return component;
}
