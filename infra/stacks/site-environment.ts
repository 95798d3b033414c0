import { SITE_ENV } from '../../functions/lambda/site-env.js';

/** A value for every SITE_ENV variable: the type makes a variable the contract adds a compile error here. */
export type SiteEnvValues = Readonly<Record<keyof typeof SITE_ENV, string>>;

/** The Lambda environment: SITE_ENV's names, the stack's values. */
export function siteEnvironment(values: SiteEnvValues): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const key of Object.keys(SITE_ENV) as (keyof typeof SITE_ENV)[]) environment[SITE_ENV[key]] = values[key];
  return environment;
}
