import type { z } from 'zod';
import type { Role } from '../job/roles.js';

/**
 * What the scheduler must know of a component module before running it: the roles it runs at
 * (at any other role its task is planned with need_run false, party status `pass`, as in FATE)
 * and the schema of its parameters. The runner's registry of providers implements this.
 */
export interface ComponentSpec {
  readonly module: string;
  readonly roles: readonly Role[];
  /** Validates one party's merged parameters (without `need_run`). */
  readonly parameters: z.ZodType;
}

export interface ComponentCatalog {
  get(module: string): ComponentSpec | undefined;
  modules(): readonly string[];
}

export function catalogOf(specs: readonly ComponentSpec[]): ComponentCatalog {
  const byModule = new Map(specs.map((spec) => [spec.module, spec]));
  return {
    get: (module) => byModule.get(module),
    modules: () => [...byModule.keys()].sort(),
  };
}
