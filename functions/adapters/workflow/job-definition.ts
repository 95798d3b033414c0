/**
 * Facts about `statemachines/job.asl.json` that its users share: the CDK (which deploys it with
 * DefinitionSubstitutions), the local orchestrator (which runs it in aws-local-stepfunctions) and
 * the tests.
 */

/** The file, relative to the repository root. */
export const JOB_DEFINITION_FILE = 'statemachines/job.asl.json';

/** The `${…}` definition substitutions in the file: each is the ARN (or name) of a step's Lambda. */
export const JOB_DEFINITION_SUBSTITUTIONS = [
  'LoadPlanFunctionArn',
  'RunComponentFunctionArn',
  'FinishJobFunctionArn',
  'FailJobFunctionArn',
] as const;

export type JobDefinitionSubstitution = (typeof JOB_DEFINITION_SUBSTITUTIONS)[number];

export function isJobDefinitionSubstitution(name: string): name is JobDefinitionSubstitution {
  return (JOB_DEFINITION_SUBSTITUTIONS as readonly string[]).includes(name);
}

/** Every `${Name}` in `text`, in order of appearance (with repeats). */
export function definitionPlaceholders(text: string): string[] {
  return [...text.matchAll(/\$\{([^}]*)\}/g)].map((match) => match[1] ?? '');
}

/**
 * Replaces every `${Name}` in the definition's JSON text with its value (JSON-escaped, so any string
 * is safe). A name that is not one of JOB_DEFINITION_SUBSTITUTIONS is an error, as it is for the CDK.
 */
export function substituteDefinition(
  text: string,
  values: Readonly<Record<JobDefinitionSubstitution, string>>,
): string {
  return text.replace(/\$\{([^}]*)\}/g, (_placeholder, name: string) => {
    if (!isJobDefinitionSubstitution(name)) throw new Error(`unknown definition substitution \${${name}}`);
    return JSON.stringify(values[name]).slice(1, -1);
  });
}
