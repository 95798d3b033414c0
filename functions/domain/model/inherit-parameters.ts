import { deepMerge, isJsonObject, type JsonObject } from '../job/deep-merge.js';

/**
 * FATE-Flow 1.11's `merge_predict_runtime_conf`, for the component parameters: a predict job runs
 * its components with the training job's parameters, the predict conf's merged over them. So an
 * Intersection the predict DSL gives no model still matches ids with the trained method (RSA or
 * ECDH and their settings), and a DataTransform keeps its label settings. Only the components of
 * the predict DSL inherit (a training-only component's parameters would be unused). A role's
 * `"<index>"` keys are renumbered when the predict job lists fewer or reordered parties of that role,
 * and a role the predict job lacks inherits nothing, as FATE does; `"all"` keys stay as they are.
 */
export function inheritTrainingParameters(
  trainRuntimeConf: JsonObject,
  predictRuntimeConf: JsonObject,
  predictDsl: JsonObject,
): JsonObject {
  const components = new Set(Object.keys(isJsonObject(predictDsl.components) ? predictDsl.components : {}));
  const trained = objectAt(trainRuntimeConf, 'component_parameters');
  const trainRoles = objectAt(trainRuntimeConf, 'role');
  const predictRoles = objectAt(predictRuntimeConf, 'role');
  const inherited: JsonObject = {};
  const common = onlyComponents(objectAt(trained, 'common'), components);
  if (Object.keys(common).length > 0) inherited.common = common;
  const roles: JsonObject = {};
  for (const [role, byIndex] of Object.entries(objectAt(trained, 'role'))) {
    if (!isJsonObject(byIndex)) continue;
    const trainParties = partyList(trainRoles[role]);
    const predictParties = partyList(predictRoles[role]);
    if (predictParties.length === 0) continue;
    const renumbered: JsonObject = {};
    for (const [key, parameters] of Object.entries(byIndex)) {
      const kept = onlyComponents(isJsonObject(parameters) ? parameters : {}, components);
      const newKey = predictIndexKey(key, trainParties, predictParties);
      if (newKey === undefined || Object.keys(kept).length === 0) continue;
      renumbered[newKey] = deepMerge(isJsonObject(renumbered[newKey]) ? renumbered[newKey] : {}, kept);
    }
    if (Object.keys(renumbered).length > 0) roles[role] = renumbered;
  }
  if (Object.keys(roles).length > 0) inherited.role = roles;
  const own = objectAt(predictRuntimeConf, 'component_parameters');
  return { ...predictRuntimeConf, component_parameters: deepMerge(inherited, own) };
}

/** A training conf's `"0|2"` key as the predict job numbers the same parties; undefined when none of them is in it. */
function predictIndexKey(
  key: string,
  trainParties: readonly unknown[],
  predictParties: readonly unknown[],
): string | undefined {
  if (key === 'all') return key;
  const indexes = key
    .split('|')
    .map((index) => predictParties.indexOf(trainParties[Number(index)]))
    .filter((index) => index >= 0);
  return indexes.length === 0 ? undefined : indexes.join('|');
}

function onlyComponents(parameters: JsonObject, components: ReadonlySet<string>): JsonObject {
  return Object.fromEntries(Object.entries(parameters).filter(([name]) => components.has(name)));
}

function objectAt(value: JsonObject, key: string): JsonObject {
  const found = value[key];
  return isJsonObject(found) ? found : {};
}

function partyList(value: unknown): unknown[] {
  return Array.isArray(value) ? value.map((party) => String(party)) : [];
}
