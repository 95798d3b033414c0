import { ArgumentError } from '../errors.js';
import type { RuntimeConf } from '../job/conf-schema.js';
import { deepMerge, type JsonObject } from '../job/deep-merge.js';
import type { Dsl } from '../job/dsl-schema.js';
import { type JobParametersSection, type JobType, resolveJobParameters } from '../job/job-parameters.js';
import type { PartyRef, Role, RoleParties } from '../job/roles.js';
import { type FieldIssue, invalidFields, parseFields } from '../job/zod-errors.js';
import type { ComponentCatalog, ComponentSpec } from './component-catalog.js';
import type { PartyPlan, TaskPlan } from './job-plan.js';
import { resourceDemand, type SitePool } from './resources.js';
import { indexRoleSections } from './role-sections.js';

type ComponentParameters = Readonly<Record<string, Readonly<Record<string, unknown>>>>;
type Providers = Readonly<Record<string, string>>;

/**
 * Builds each party's plan: its job parameters (defaults < common < role sections), and per
 * component its merged parameters, need_run and provider. Role sections are checked once up
 * front (role present in the job, index keys valid and in range).
 */
export function planParties(
  dsl: Dsl,
  conf: RuntimeConf,
  roles: RoleParties,
  parties: readonly PartyRef[],
  catalog: ComponentCatalog,
  pool: SitePool,
  jobType: JobType,
): PartyPlan[] {
  const jobSections = indexRoleSections<JobParametersSection>(
    conf.job_parameters?.role,
    roles,
    'runtime_conf.job_parameters.role',
  );
  const parameterSections = indexRoleSections<ComponentParameters>(
    conf.component_parameters?.role,
    roles,
    'runtime_conf.component_parameters.role',
  );
  const providerSections = indexRoleSections<Providers>(conf.provider?.role, roles, 'runtime_conf.provider.role');
  const commonJob = conf.job_parameters?.common ?? {};
  const commonParameters = conf.component_parameters?.common ?? {};
  const commonProviders = conf.provider?.common ?? {};

  // Every party's every component is checked before the job is refused: all issues at once.
  const issues: ParameterIssue[] = [];
  const plans = parties.map(({ role, partyId }): PartyPlan => {
    const index = (roles[role] ?? []).indexOf(partyId);
    const jobParameters = resolveJobParameters([commonJob, ...jobSections.forParty(role, index)], pool.cores);
    const partySections = parameterSections.forParty(role, index);
    const partyProviders = providerSections.forParty(role, index);
    const tasks = Object.entries(dsl.components).map(([component, spec]): TaskPlan => {
      // A deep copy, so that no two parties' plans (nor the plan and the conf) share an object.
      let parameters: JsonObject = deepMerge(
        {},
        Object.hasOwn(commonParameters, component) ? (commonParameters[component] ?? {}) : {},
      );
      for (const section of partySections) {
        if (Object.hasOwn(section, component)) parameters = deepMerge(parameters, section[component] ?? {});
      }
      const { need_run: needRunSetting, ...rest } = parameters;
      const path = `runtime_conf.component_parameters (${role} ${partyId}).${component}.need_run`;
      if (needRunSetting !== undefined && typeof needRunSetting !== 'boolean') {
        throw new ArgumentError(`${path}: need_run must be true or false`, { details: { field: path } });
      }
      const known = catalog.get(spec.module);
      const roleSupported = known === undefined || known.roles.includes(role);
      const provider = pickProvider(component, partyProviders, commonProviders, spec.provider);
      const needRun = needRunSetting !== false && roleSupported;
      if (known !== undefined && needRun) {
        // A predict job's components train nothing: what a training run keeps does not apply.
        const declaresModel = jobType === 'predict' || (spec.output?.model ?? []).length > 0;
        issues.push(...parameterIssues(known, rest, declaresModel, component, role, partyId));
      }
      return {
        component,
        module: spec.module,
        needRun,
        provider,
        parameters: rest,
      };
    });
    return { role, partyId, index, jobParameters, resources: resourceDemand(role, jobParameters, pool), tasks };
  });
  if (issues.length > 0) throw parameterError(issues);
  return plans;
}

/** Most specific first: the party's role section, then conf common, then the DSL's own. */
function pickProvider(
  component: string,
  partySections: readonly Providers[],
  common: Providers,
  fromDsl: string | undefined,
): string | null {
  for (const section of [...partySections].reverse()) {
    if (Object.hasOwn(section, component)) return section[component] ?? null;
  }
  if (Object.hasOwn(common, component)) return common[component] ?? null;
  return fromDsl ?? null;
}

interface ParameterIssue {
  readonly component: string;
  readonly role: Role;
  readonly partyId: number;
  /** The field inside the component's parameters (`.max_iter`) and what is wrong with it. */
  readonly issue: FieldIssue;
}

function parameterIssues(
  known: ComponentSpec,
  parameters: Readonly<Record<string, unknown>>,
  declaresModel: boolean,
  component: string,
  role: Role,
  partyId: number,
): ParameterIssue[] {
  const parsed = parseFields(known.parameters, parameters, '');
  if ('issues' in parsed) return parsed.issues.map((issue) => ({ component, role, partyId, issue }));
  const writes = declaresModel ? undefined : known.writesModel?.(parsed.data);
  if (writes === undefined) return [];
  const message = `${writes.reason}, but dsl.components.${component} declares no model output (output.model)`;
  return [{ component, role, partyId, issue: { field: writes.field, message } }];
}

/**
 * One issue per component field and message, naming every party it holds at (a bad common
 * parameter is one mistake, not one per party): `runtime_conf.component_parameters (guest 9999,
 * host 10000).hetero_lr_0.max_iter: …`. The details name the first party's component, role and party.
 */
function parameterError(issues: readonly ParameterIssue[]): ArgumentError {
  const grouped = new Map<string, { parties: string[]; first: ParameterIssue }>();
  for (const found of issues) {
    const key = JSON.stringify([found.component, found.issue.field, found.issue.message]);
    const group = grouped.get(key) ?? { parties: [], first: found };
    group.parties.push(`${found.role} ${found.partyId}`);
    grouped.set(key, group);
  }
  const fields = [...grouped.values()].map(({ parties, first }) => ({
    field: `runtime_conf.component_parameters (${parties.join(', ')}).${first.component}${first.issue.field}`,
    message: first.issue.message,
  }));
  const [first] = issues;
  return invalidFields(fields, first && { component: first.component, role: first.role, partyId: first.partyId });
}
