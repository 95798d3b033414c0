import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { substituteDefinition } from '../../../functions/adapters/workflow/job-definition.js';
import {
  LOCAL_FUNCTION_NAMES,
  loadLocalJobDefinition,
  MAX_LOCAL_TASK_TIMEOUT_SECONDS,
} from '../../../local/workflow/local-job-definition.js';

/** A definition substitution as written in the ASL: `${Name}`. */
const sub = (name: string): string => `\${${name}}`;

const text = readFileSync(new URL('../../../statemachines/job.asl.json', import.meta.url), 'utf8');

function definitionFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'job-asl-')), 'job.asl.json');
  writeFileSync(path, content);
  return path;
}

describe('loadLocalJobDefinition', () => {
  it("loads the repository's job.asl.json with local function names and only RunComponent's timeout added", () => {
    const expected = JSON.parse(substituteDefinition(text, LOCAL_FUNCTION_NAMES));
    expected.States.Stages.ItemProcessor.States.Components.ItemProcessor.States.RunComponent.TimeoutSeconds =
      MAX_LOCAL_TASK_TIMEOUT_SECONDS;

    expect(loadLocalJobDefinition()).toEqual(expected);
  });

  it("waits as long as Node's longest timer, about 24.8 days", () => {
    expect(MAX_LOCAL_TASK_TIMEOUT_SECONDS).toBe(2_147_483);
  });

  it('keeps a shorter RunComponent timeout that the definition sets itself', () => {
    const withTimeout = text.replace('"End": true', '"TimeoutSeconds": 600, "End": true');
    const definition = loadLocalJobDefinition(definitionFile(withTimeout));
    expect(JSON.stringify(definition).match(/"TimeoutSeconds":\d+/g)).toEqual(['"TimeoutSeconds":600']);
  });

  it('refuses a definition with an unknown substitution', () => {
    const path = definitionFile(text.replace(sub('FinishJobFunctionArn'), sub('FinishFunctionArn')));
    expect(() => loadLocalJobDefinition(path)).toThrow(`unknown definition substitution ${sub('FinishFunctionArn')}`);
  });

  it('refuses a definition without one of the overridden Task states', () => {
    const path = definitionFile(text.replaceAll('"FinishJob"', '"CompleteJob"'));
    expect(() => loadLocalJobDefinition(path)).toThrow(`${path} has no Task state FinishJob`);
  });
});
