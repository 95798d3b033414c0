/**
 * `statemachines/job.asl.json` made ready for aws-local-stepfunctions: the `${…}` FunctionNames
 * substituted with local names, the four Task states the overrides replace checked, and
 * RunComponent's wait freed from the interpreter's 60 s default (Step Functions has no such cut).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import {
  JOB_DEFINITION_FILE,
  type JobDefinitionSubstitution,
  substituteDefinition,
} from '../../functions/adapters/workflow/job-definition.js';

type AslState = StateMachineDefinition['States'][string];

/** The Task states the overrides replace, by state name. */
export const JOB_TASK_STATES = ['LoadPlan', 'RunComponent', 'FinishJob', 'FailJob'] as const;

/** What the definition's `${…}` FunctionNames become locally (only logs and events show them). */
export const LOCAL_FUNCTION_NAMES: Readonly<Record<JobDefinitionSubstitution, string>> = {
  LoadPlanFunctionArn: 'fate-flow-local-load-plan',
  RunComponentFunctionArn: 'fate-flow-local-run-component',
  FinishJobFunctionArn: 'fate-flow-local-finish-job',
  FailJobFunctionArn: 'fate-flow-local-fail-job',
};

/** The longest delay setTimeout honours (2^31 - 1 ms); a longer one fires at once. */
export const MAX_LOCAL_TASK_TIMEOUT_SECONDS = Math.floor(2_147_483_647 / 1000);

/** A state by name, at any depth (Map item processors, Parallel branches). */
export function findState(states: StateMachineDefinition['States'], name: string): AslState | undefined {
  for (const [stateName, state] of Object.entries(states)) {
    if (stateName === name) return state;
    if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      const found = processor === undefined ? undefined : findState(processor.States, name);
      if (found !== undefined) return found;
    }
    if (state.Type === 'Parallel') {
      for (const branch of state.Branches) {
        const found = findState(branch.States, name);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

/** This repository's job.asl.json, from the source tree or from a build under dist/. */
function defaultDefinitionPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '../..', JOB_DEFINITION_FILE), resolve(here, '../../..', JOB_DEFINITION_FILE)];
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0] ?? JOB_DEFINITION_FILE;
}

/** The job definition ready for the interpreter: FunctionNames substituted, RunComponent without the 60 s cut. */
export function loadLocalJobDefinition(path: string = defaultDefinitionPath()): StateMachineDefinition {
  const definition: StateMachineDefinition = JSON.parse(
    substituteDefinition(readFileSync(path, 'utf8'), LOCAL_FUNCTION_NAMES),
  );
  for (const name of JOB_TASK_STATES) {
    if (findState(definition.States, name)?.Type !== 'Task') throw new Error(`${path} has no Task state ${name}`);
  }
  const runComponent = findState(definition.States, 'RunComponent');
  if (runComponent?.Type === 'Task' && runComponent.TimeoutSecondsPath === undefined) {
    runComponent.TimeoutSeconds = Math.min(
      runComponent.TimeoutSeconds ?? MAX_LOCAL_TASK_TIMEOUT_SECONDS,
      MAX_LOCAL_TASK_TIMEOUT_SECONDS,
    );
  }
  return definition;
}
