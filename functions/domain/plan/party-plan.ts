import { ArgumentError } from '../errors.js';
import type { RuntimeConf } from '../job/conf-schema.js';
import { deepMerge, type JsonObject } from '../job/deep-merge.js';
import type { Dsl } from '../job/dsl-schema.js';
import { type JobParametersSection, resolveJobParameters } from '../job/job-parameters.js';
import type { PartyRef, Role, RoleParties } from '../job/roles.js';
import { formatPath } from '../job/zod-errors.js';
import type { ComponentCatalog } from './component-catalog.js';
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

  return parties.map(({ role, partyId }) => {
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
      if (known !== undefined && needRun) checkParameters(known.parameters, rest, component, role, partyId);
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

function checkParameters(
  schema: {
    safeParse(value: unknown): {
      success: boolean;
      error?: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> };
    };
  },
  parameters: Readonly<Record<string, unknown>>,
  component: string,
  role: Role,
  partyId: number,
): void {
  const result = schema.safeParse(parameters);
  if (result.success) return;
  const issue = result.error?.issues[0];
  const field = formatPath(`runtime_conf.component_parameters (${role} ${partyId}).${component}`, issue?.path ?? []);
  throw new ArgumentError(`${field}: ${issue?.message ?? 'invalid parameters'}`, {
    details: { field, component, role, partyId },
  });
}
