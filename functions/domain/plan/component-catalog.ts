import type * as z from 'zod';
import type { Role } from '../job/roles.js';

/**
 * What the scheduler must know of a component module before running it: the roles it runs at
 * (at any other role its task is planned with need_run false, party status `pass`, as in FATE)
 * and the schema of its parameters. The specs live in the top-level `components/` folder; the
 * runner pairs each with the code that runs it.
 */
export interface ComponentSpec<S extends z.ZodType = z.ZodType> {
  readonly module: string;
  readonly roles: readonly Role[];
  /** Validates one party's merged parameters (without `need_run`). */
  readonly parameters: S;
  /**
   * Why these parameters make the component write a model (a field and a reason), so that a DSL
   * declaring no model output for it is refused at submit rather than failing at run time;
   * undefined when they do not.
   */
  readonly writesModel?: (parameters: z.output<S>) => { readonly field: string; readonly reason: string } | undefined;
}

/** Keeps a spec's schema type, so that the component built on it sees its parameters typed. */
export function defineSpec<S extends z.ZodType>(spec: ComponentSpec<S>): ComponentSpec<S> {
  return spec;
}

export interface ComponentCatalog {
  get(module: string): ComponentSpec | undefined;
  modules(): readonly string[];
  /**
   * Plan a module it does not list (need_run everywhere, parameters unchecked) instead of refusing
   * the job at submit and create. Only for a site that runs no task: control-plane tests and
   * benchmarks. A real site refuses, as FATE-Flow refuses a component its providers lack.
   */
  readonly acceptsUnknownModules: boolean;
}

export function catalogOf(
  specs: readonly ComponentSpec[],
  options: { readonly acceptUnknownModules?: boolean } = {},
): ComponentCatalog {
  const byModule = new Map(specs.map((spec) => [spec.module, spec]));
  return {
    get: (module) => byModule.get(module),
    modules: () => [...byModule.keys()].sort(),
    acceptsUnknownModules: options.acceptUnknownModules === true,
  };
}
