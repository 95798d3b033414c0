import { parseReference } from '../dag/references.js';
import { ArgumentError } from '../errors.js';
import type { Dsl, DslComponent } from '../job/dsl-schema.js';

/** FATE reads the first of these a component has and renames it for prediction (train_data → test_data). */
const PREDICT_DATA_KEYS: readonly (readonly [string, string])[] = [
  ['data', 'data'],
  ['train_data', 'test_data'],
  ['eval_data', 'test_data'],
  ['test_data', 'test_data'],
];

type Components = Readonly<Record<string, DslComponent>>;

/**
 * FATE-Flow 1.11's `deploy_component` (DSL v2): the predict DSL of the listed components of a
 * training DSL (all of them when none are listed). A deployed component keeps its module and its
 * non-model outputs, reads its own trained model as `pipeline.<cpn>.<model>`, and reads the first
 * of data / train_data / eval_data / test_data (renamed for prediction; validate_data is dropped).
 * Data it read from a component left out is read from where that component's data came from.
 */
export function deployDsl(trainDsl: Dsl, cpnList?: readonly string[]): { components: Record<string, unknown> } {
  const components = trainDsl.components as Components;
  const names = Object.keys(components);
  const deployed = new Set(cpnList ?? names);
  const unknown = [...deployed].filter((name) => !(name in components));
  if (unknown.length > 0) {
    throw new ArgumentError(
      `cpn_list: ${unknown.join(', ')} not in the training DSL (its components: ${names.join(', ')})`,
      {
        details: { field: 'cpn_list', components: unknown },
      },
    );
  }
  if (deployed.size === 0)
    throw new ArgumentError('cpn_list: names no component to deploy', { details: { field: 'cpn_list' } });
  const passThrough = new Map<string, Record<string, string[]>>();
  const sourcesOf = (reference: string, path: Set<string>): string[] => {
    const parsed = parseReference(reference);
    if (parsed?.kind !== 'component') return [reference];
    const upstream = components[parsed.component];
    if (deployed.has(parsed.component) || upstream === undefined || upstream.module === 'Reader') return [reference];
    return undeployedOutputs(parsed.component, path)[parsed.output] ?? [];
  };
  const undeployedOutputs = (name: string, path: Set<string>): Record<string, string[]> => {
    const known = passThrough.get(name);
    if (known !== undefined) return known;
    const component = components[name];
    const firstInput = component === undefined ? undefined : firstDataInput(component);
    const outputs: Record<string, string[]> = {};
    if (component !== undefined && firstInput !== undefined && !path.has(name)) {
      const [upstream] = firstInput[1];
      const next = new Set(path).add(name);
      for (const output of component.output?.data ?? [])
        outputs[output] = upstream === undefined ? [] : sourcesOf(upstream, next);
    }
    passThrough.set(name, outputs);
    return outputs;
  };

  const predict: Record<string, unknown> = {};
  for (const name of names) {
    const component = components[name];
    if (component === undefined || !deployed.has(name)) continue;
    const entry: { module: string; input?: Record<string, unknown>; output?: Record<string, unknown> } = {
      module: component.module,
    };
    const input: Record<string, unknown> = {};
    const firstInput = firstDataInput(component);
    if (firstInput !== undefined) {
      const [key, references] = firstInput;
      const predictKey = PREDICT_DATA_KEYS.find(([from]) => from === key)?.[1] ?? key;
      input.data = { [predictKey]: references.flatMap((reference) => sourcesOf(reference, new Set())) };
    }
    const models = component.output?.model ?? [];
    if (models.length > 0) input.model = models.map((model) => `pipeline.${name}.${model}`);
    if (Object.keys(input).length > 0) entry.input = input;
    const output = Object.fromEntries(
      Object.entries(component.output ?? {}).filter(([kind, list]) => kind !== 'model' && list !== undefined),
    );
    if (Object.keys(output).length > 0) entry.output = output;
    predict[name] = entry;
  }
  return { components: predict };
}

function firstDataInput(component: DslComponent): readonly [string, readonly string[]] | undefined {
  const data = (component.input?.data ?? {}) as Readonly<Record<string, readonly string[] | undefined>>;
  for (const [key] of PREDICT_DATA_KEYS) {
    const references = data[key];
    if (references !== undefined) return [key, references];
  }
  return undefined;
}
