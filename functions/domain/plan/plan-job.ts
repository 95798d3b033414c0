import { buildDag } from '../dag/build-dag.js';
import { parseReference } from '../dag/references.js';
import { topologicalStages } from '../dag/topology.js';
import { ArgumentError } from '../errors.js';
import { modelId } from '../ids.js';
import { type RuntimeConf, runtimeConfSchema } from '../job/conf-schema.js';
import { type Dsl, dslSchema } from '../job/dsl-schema.js';
import { type JobType, REMOVED_JOB_PARAMETERS, unknownJobParameterKeys } from '../job/job-parameters.js';
import { partiesOf, type RoleParties } from '../job/roles.js';
import { invalidFields, parseFields } from '../job/zod-errors.js';
import { assertStorableDocument } from '../json-document.js';
import { MAX_TASKS_PER_JOB } from '../limits.js';
import { type ComponentCatalog, catalogOf } from './component-catalog.js';
import type { ComponentPlan, JobPlan } from './job-plan.js';
import { planParties } from './party-plan.js';
import { assertWithinJobCoreLimit, DEFAULT_SITE_POOL, type SitePool } from './resources.js';

export interface PlanOptions {
  /** Modules this site knows; unknown ones are listed in the plan (or refused when strict). */
  readonly catalog?: ComponentCatalog;
  /** Refuse a job that uses a module the catalog does not know. */
  readonly strict?: boolean;
  /** The pool the per-job core limit is checked against. */
  readonly pool?: SitePool;
}

/** FATE's `constraint_check`: these modules need every party that is both guest and arbiter to be a host too. */
const GUEST_ARBITER_MUST_HOST = ['HeteroLR', 'HeteroLinR', 'HeteroPoisson'];

/**
 * Validates a DSL v2 + runtime conf v2 pair exactly as FATE-Flow reads them and computes the job
 * plan. Pure: throws an AppError (retcode 101, or 103 for the core limit) naming the first
 * offending field, component or party; nothing else escapes.
 */
export function planJob(dslInput: unknown, confInput: unknown, options: PlanOptions = {}): JobPlan {
  const catalog = options.catalog ?? catalogOf([]);
  const pool = options.pool ?? DEFAULT_SITE_POOL;
  // Before zod, the merges and the store read them: none of these may meet an endless nesting.
  assertStorableDocument(dslInput, 'dsl');
  assertStorableDocument(confInput, 'runtime_conf');
  // Both checked before either is refused: every issue of a submission is reported at once.
  const parsedDsl = parseFields(dslSchema, dslInput, 'dsl');
  const parsedConf = parseFields(runtimeConfSchema, confInput, 'runtime_conf');
  if ('issues' in parsedDsl || 'issues' in parsedConf) {
    throw invalidFields([
      ...('issues' in parsedDsl ? parsedDsl.issues : []),
      ...('issues' in parsedConf ? parsedConf.issues : []),
    ]);
  }
  const dsl = parsedDsl.data;
  const conf = parsedConf.data;
  const roles: RoleParties = conf.role;
  const warnings: string[] = [];

  checkTaskCount(dsl, roles);
  checkInitiator(conf);
  warnAboutJobParameters(conf, warnings);
  const jobType = decideJobType(conf, dsl, warnings);
  const { dag, warnings: dagWarnings } = buildDag(dsl, jobType);
  warnings.push(...dagWarnings);
  const stages = topologicalStages(dag);

  const unknownModules = [...new Set(Object.values(dsl.components).map((c) => c.module))]
    .filter((module) => catalog.get(module) === undefined)
    .sort();
  if (options.strict && unknownModules.length > 0) {
    throw new ArgumentError(
      `dsl.components: unknown module${unknownModules.length > 1 ? 's' : ''} ${unknownModules.join(', ')}; ` +
        `this site knows: ${catalog.modules().join(', ') || 'none'}`,
      { details: { field: 'dsl.components', unknownModules } },
    );
  }
  checkGuestArbiterConstraint(dsl, roles);
  warnAboutUnusedParameters(conf, dsl, warnings);

  const parties = planParties(dsl, conf, roles, partiesOf(roles), catalog, pool, jobType);
  for (const party of parties) assertWithinJobCoreLimit(party.resources, pool, `${party.role} ${party.partyId}`);

  const stageOf = new Map(stages.flatMap((stage, index) => stage.map((name) => [name, index] as const)));
  const components = dag.names.map(
    (name): ComponentPlan => ({
      name,
      module: dsl.components[name]?.module ?? '',
      stage: stageOf.get(name) ?? 0,
      upstream: dag.upstream.get(name) ?? [],
      downstream: dag.downstream.get(name) ?? [],
    }),
  );
  const common = conf.job_parameters?.common;
  const modelInfo =
    jobType === 'predict'
      ? { modelId: common?.model_id ?? '', modelVersion: common?.model_version ?? '' }
      : { modelId: modelId(roles), modelVersion: null };

  return {
    jobType,
    initiator: { role: conf.initiator.role, partyId: conf.initiator.party_id },
    roles,
    stages,
    components,
    parties,
    modelInfo,
    unknownModules,
    warnings,
  };
}

/** Before planning: the plan's work and its writes grow with components × parties. */
function checkTaskCount(dsl: Dsl, roles: RoleParties): void {
  const components = Object.keys(dsl.components).length;
  const parties = partiesOf(roles).length;
  if (components * parties > MAX_TASKS_PER_JOB) {
    throw new ArgumentError(
      `runtime_conf.role: ${parties} parties × ${components} components make ${components * parties} tasks, over the limit of ${MAX_TASKS_PER_JOB} per job`,
      { details: { field: 'runtime_conf.role', tasks: components * parties, limit: MAX_TASKS_PER_JOB } },
    );
  }
}

function checkInitiator(conf: RuntimeConf): void {
  const { role, party_id: partyId } = conf.initiator;
  const listed = conf.role[role];
  if (listed === undefined) {
    throw new ArgumentError(`runtime_conf.initiator.role: the initiator's role "${role}" is not in runtime_conf.role`, {
      details: { field: 'runtime_conf.initiator.role' },
    });
  }
  if (!listed.includes(partyId)) {
    throw new ArgumentError(
      `runtime_conf.initiator.party_id: initiator party ${partyId} is not in runtime_conf.role.${role} [${listed.join(', ')}]`,
      { details: { field: 'runtime_conf.initiator.party_id' } },
    );
  }
}

/**
 * FATE reads job_type from job_parameters.common (default train). FATE's own predict examples
 * leave it out and reference `pipeline.<cpn>.<model>`, which only a predict job can; so when
 * job_type is missing and the DSL reads pipeline models, the job is a predict job.
 */
function decideJobType(conf: RuntimeConf, dsl: Dsl, warnings: string[]): JobType {
  const common = conf.job_parameters?.common;
  let jobType = common?.job_type;
  if (jobType === undefined) {
    const readsPipeline = Object.values(dsl.components).some((component) =>
      [...(component.input?.model ?? []), ...(component.input?.isometric_model ?? [])].some(
        (text) => parseReference(text)?.kind === 'pipeline',
      ),
    );
    jobType = readsPipeline ? 'predict' : 'train';
    if (readsPipeline) warnings.push('job_type is not set; the DSL reads pipeline.* models, so this is a predict job');
  }
  if (jobType === 'predict') {
    for (const key of ['model_id', 'model_version'] as const) {
      const field = `runtime_conf.job_parameters.common.${key}`;
      const value = common?.[key];
      if (value === undefined) {
        throw new ArgumentError(`${field}: a predict job needs the ${key} of the trained model`, {
          details: { field },
        });
      }
      if (value === '') warnings.push(`${field} is empty: fill in the trained model's ${key} before submitting`);
    }
  }
  return jobType;
}

/** These describe the job as a whole; a party's role section may not change them. */
const JOB_WIDE_KEYS = ['job_type', 'model_id', 'model_version'] as const;

function warnAboutJobParameters(conf: RuntimeConf, warnings: string[]): void {
  for (const [role, byIndex] of Object.entries(conf.job_parameters?.role ?? {})) {
    for (const [key, section] of Object.entries(byIndex ?? {})) {
      const path = `runtime_conf.job_parameters.role.${role}.${key}`;
      const wide = JOB_WIDE_KEYS.find((name) => Object.hasOwn(section, name));
      if (wide !== undefined) {
        throw new ArgumentError(`${path}.${wide}: ${wide} applies to the whole job; set it in job_parameters.common`, {
          details: { field: `${path}.${wide}` },
        });
      }
      for (const unknown of unknownJobParameterKeys(section)) {
        warnings.push(`${path}.${unknown} is not a FATE job parameter and is ignored`);
      }
    }
  }
  const common = conf.job_parameters?.common ?? {};
  for (const key of REMOVED_JOB_PARAMETERS) {
    if (Object.hasOwn(common, key)) warnings.push(`job_parameters.common.${key} was removed from FATE and is ignored`);
  }
  for (const key of unknownJobParameterKeys(common)) {
    warnings.push(`job_parameters.common.${key} is not a FATE job parameter and is ignored`);
  }
}

function warnAboutUnusedParameters(conf: RuntimeConf, dsl: Dsl, warnings: string[]): void {
  const inDsl = (name: string) => Object.hasOwn(dsl.components, name);
  const mention = (path: string, names: Iterable<string>) => {
    for (const name of names) {
      if (!inDsl(name))
        warnings.push(`${path}.${name}: the DSL has no component "${name}"; these parameters are unused`);
    }
  };
  mention('runtime_conf.component_parameters.common', Object.keys(conf.component_parameters?.common ?? {}));
  for (const [role, byIndex] of Object.entries(conf.component_parameters?.role ?? {})) {
    for (const [key, byComponent] of Object.entries(byIndex ?? {})) {
      mention(`runtime_conf.component_parameters.role.${role}.${key}`, Object.keys(byComponent));
    }
  }
}

function checkGuestArbiterConstraint(dsl: Dsl, roles: RoleParties): void {
  const module = Object.values(dsl.components).find((c) => GUEST_ARBITER_MUST_HOST.includes(c.module))?.module;
  if (module === undefined) return;
  const hosts = new Set(roles.host ?? []);
  const arbiters = new Set(roles.arbiter ?? []);
  for (const partyId of roles.guest ?? []) {
    if (arbiters.has(partyId) && !hosts.has(partyId)) {
      throw new ArgumentError(
        `runtime_conf.role: party ${partyId} is both guest and arbiter, so ${module} needs it to be a host as well (FATE's constraint)`,
        { details: { field: 'runtime_conf.role', partyId } },
      );
    }
  }
}
