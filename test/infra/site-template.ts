/**
 * Synthesizes a site of infra/context/two-party.json as `cdk synth` would, for the infra tests to
 * read, and the helpers they share. Not a test file: jest runs only `*.test.ts`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LAMBDA_ENTRIES, type LambdaEntryName } from '../../functions/lambda/site-env.js';
import { PROJECT_ROOT } from '../../infra/project-root.js';
import { readSiteSettings, type SiteSettings, siteStackName } from '../../infra/site-settings.js';
import { SiteStack } from '../../infra/stacks/site-stack.js';

export const TWO_PARTY_CONTEXT = join(PROJECT_ROOT, 'infra/context/two-party.json');

export function twoPartySites(partyId?: number): SiteSettings[] {
  const context: Record<string, unknown> = { config: TWO_PARTY_CONTEXT, partyId };
  return readSiteSettings(
    (key) => context[key],
    (path) => JSON.parse(readFileSync(path, 'utf8')),
  );
}

/** Cloud assembly folders made by this module: each holds ≈ 40 MB of bundles and staged assets. */
const outdirs: string[] = [];

function newOutdir(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'fate-flow-cdk-'));
  outdirs.push(outdir);
  return outdir;
}

/** Removes every cloud assembly synthesized so far (call it in afterAll). */
export function removeAssemblies(): void {
  shared = undefined;
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
}

export interface SynthesizedSite {
  readonly app: App;
  readonly stack: SiteStack;
  readonly template: Template;
  readonly site: SiteSettings;
}

export interface SynthesizeOptions {
  /**
   * Bundle the functions with esbuild, as `cdk synth` does (≈ 10 s). Without, CDK's
   * `aws:cdk:bundling-stacks` context is empty and the code assets are placeholders.
   * @default true
   */
  readonly bundling?: boolean;
  /** Settings over the example's. @default none */
  readonly overrides?: Partial<SiteSettings>;
}

/** The party's site of infra/context/two-party.json, synthesized into a fresh cloud assembly. */
export function synthesizeSite(partyId: number, options: SynthesizeOptions = {}): SynthesizedSite {
  const [example] = twoPartySites(partyId);
  if (example === undefined) throw new Error(`no site ${partyId} in ${TWO_PARTY_CONTEXT}`);
  const site = { ...example, ...options.overrides };
  const context = options.bundling === false ? { 'aws:cdk:bundling-stacks': [] } : {};
  const app = new App({ outdir: newOutdir(), context });
  const stack = new SiteStack(app, siteStackName(partyId), { site });
  return { app, stack, template: withoutBuiltInValidation(() => Template.fromStack(stack)), site };
}

/**
 * Synthesis without CDK's built-in CloudFormation validation (`CDK_VALIDATION=false`, read as each
 * app synthesizes): its WebAssembly validator cost ≈ 4.7 s of CPU per synthesis here, 14 of the 19 s
 * the infra suites took, and it only warns (CDK downgrades its errors to warnings unless
 * `@aws-cdk/core:validateAgainstDefaultRules` is set), so no test could fail on it. `npm run synth`
 * still runs it; the suites assert the resources and policies themselves.
 */
function withoutBuiltInValidation<T>(synthesize: () => T): T {
  const before = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false';
  try {
    return synthesize();
  } finally {
    if (before === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = before;
  }
}

export type Resources = Record<string, { Properties: Record<string, unknown>; DeletionPolicy?: string }>;

let shared: SynthesizedSite | undefined;

/**
 * Party 9999's site, synthesized once for every suite that reads it: synthesis is the slow part of
 * the infra tests, so site.test.ts runs them all on one. Without bundling: no suite reads the
 * functions' code, and lambda-bundles.test.ts bundles every entry (and checks what goes in).
 */
export function sharedSite(): SynthesizedSite {
  shared ??= synthesizeSite(9999, { bundling: false });
  return shared;
}

/** The logical id of each entry's function. */
export function functionIds(synthesized: SynthesizedSite): Record<LambdaEntryName, string> {
  const ids: Partial<Record<LambdaEntryName, string>> = {};
  for (const name of Object.keys(LAMBDA_ENTRIES) as LambdaEntryName[]) {
    const fn = synthesized.stack.functions[name].function.node.defaultChild as CfnFunction;
    ids[name] = synthesized.stack.getLogicalId(fn);
  }
  return ids as Record<LambdaEntryName, string>;
}

/** The environment variables of an entry's function, as the template holds them. */
export function environmentOf(synthesized: SynthesizedSite, name: LambdaEntryName): Record<string, unknown> {
  const functions = synthesized.template.findResources('AWS::Lambda::Function') as Resources;
  const fn = functions[functionIds(synthesized)[name]];
  return (fn?.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
}

/** A CloudFormation value as one string, intrinsics written `<Logical.Attr>` / `<Ref>` (as cdk-nag names them). */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const node = value as Record<string, unknown>;
  const join = node['Fn::Join'];
  if (Array.isArray(join)) {
    const [delimiter, items] = join as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  const getAtt = node['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `<${getAtt.map(flatten).join('.')}>`;
  if ('Ref' in node) return `<${flatten(node.Ref)}>`;
  if ('Fn::Sub' in node) return flatten(node['Fn::Sub']);
  return JSON.stringify(value);
}

export interface PolicyStatementJson {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Every statement of every AWS::IAM::Policy, with the policy's logical id. */
export function policyStatements(template: Template): { policy: string; statement: PolicyStatementJson }[] {
  const policies = template.findResources('AWS::IAM::Policy') as Record<
    string,
    { Properties: { PolicyDocument: { Statement: PolicyStatementJson[] } } }
  >;
  return Object.entries(policies).flatMap(([policy, resource]) =>
    resource.Properties.PolicyDocument.Statement.map((statement) => ({ policy, statement })),
  );
}

export const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every statement of the policies attached to one role (by the role's logical id). */
export function roleStatements(template: Template, roleLogicalId: string): PolicyStatementJson[] {
  const policies = template.findResources('AWS::IAM::Policy') as Record<
    string,
    { Properties: { Roles: { Ref?: string }[]; PolicyDocument: { Statement: PolicyStatementJson[] } } }
  >;
  return Object.values(policies)
    .filter((policy) => policy.Properties.Roles.some((role) => role.Ref === roleLogicalId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** The sorted, distinct actions a role is allowed. */
export function roleActions(template: Template, roleLogicalId: string): string[] {
  return [...new Set(roleStatements(template, roleLogicalId).flatMap((statement) => asList(statement.Action)))].sort();
}
