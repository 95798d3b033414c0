import * as z from 'zod';
import { MAX_COMPONENTS_PER_JOB, MAX_NAME_LENGTH } from '../limits.js';
import { isJsonObject } from './deep-merge.js';
import { typeError } from './zod-errors.js';

/**
 * The shape of a FATE DSL v2 document (`{"components": {...}}`). References between components
 * are checked later by the DAG builder; this only checks types and names.
 */

/** `name` or `name@version`, e.g. "fate@1.11.2". */
export const PROVIDER_PATTERN = /^[\w.-]+(@[\w.-]+)?$/;

export const COMPONENT_NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

/** The input kinds under `input.data` that FATE gives a meaning to (others only warn). */
export const DATA_INPUT_KEYS = ['data', 'train_data', 'validate_data', 'test_data', 'eval_data'] as const;

/**
 * zod leaves a "__proto__" key out of a record's output without a word, which would make a
 * component (or an input list) named so vanish from the job; refuse the key instead.
 */
const withoutProtoKey = (what: string) =>
  z.unknown().superRefine((value, ctx) => {
    if (isJsonObject(value) && Object.hasOwn(value, '__proto__')) {
      ctx.addIssue({ code: 'custom', path: ['__proto__'], message: `"__proto__" cannot be ${what}` });
    }
  });

/** Whether `value` may name a component (COMPONENT_NAME_PATTERN, at most MAX_NAME_LENGTH characters). */
export function isComponentName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_NAME_LENGTH && COMPONENT_NAME_PATTERN.test(value);
}

/** A component name: a segment of task, metric and output keys and of object keys. */
export const componentNameKey = z
  .string()
  .regex(COMPONENT_NAME_PATTERN, { error: 'component names may only use letters, digits, "_" and "-"' })
  .max(MAX_NAME_LENGTH, { error: `component names may be at most ${MAX_NAME_LENGTH} characters` });

/**
 * Counted before zod reads the components, so a DSL of a hundred thousand components costs one
 * look at its keys.
 */
const withinComponentLimit = z.unknown().superRefine((value, ctx) => {
  if (!isJsonObject(value)) return;
  const count = Object.keys(value).length;
  if (count > MAX_COMPONENTS_PER_JOB) {
    ctx.addIssue({
      code: 'custom',
      message: `the DSL declares ${count} components, over the limit of ${MAX_COMPONENTS_PER_JOB} per job`,
      abort: true,
    });
  }
});

const referenceList = z.array(
  z
    .string({ error: 'a reference must be a string such as "reader_0.data"' })
    .min(1, { error: 'a reference must not be empty; write "<component>.<output name>", e.g. "reader_0.data"' }),
  { error: 'must be a list of references such as ["reader_0.data"]' },
);

const componentInput = z.strictObject(
  {
    data: withoutProtoKey('an input kind')
      .pipe(z.record(z.string(), referenceList, { error: 'must be an object of input kinds to reference lists' }))
      .optional(),
    model: referenceList.optional(),
    isometric_model: referenceList.optional(),
    cache: referenceList.optional(),
  },
  { error: 'must be an object with data, model, isometric_model or cache' },
);

const outputNames = z.array(
  z
    .string({ error: 'an output name must be a string' })
    .regex(COMPONENT_NAME_PATTERN, {
      error: 'an output name may only use letters, digits, "_" and "-"',
    })
    .max(MAX_NAME_LENGTH, { error: `an output name may be at most ${MAX_NAME_LENGTH} characters` }),
  { error: 'must be a list of output names such as ["data"]' },
);

const componentOutput = z.looseObject(
  {
    data: outputNames.optional(),
    model: outputNames.optional(),
    cache: outputNames.optional(),
  },
  { error: 'must be an object with data, model or cache name lists' },
);

export const dslComponentSchema = z.looseObject(
  {
    module: z
      .string({ error: 'module is required and must be a string such as "Reader"' })
      .min(1, { error: 'module must not be empty' })
      .max(MAX_NAME_LENGTH, { error: `a module name may be at most ${MAX_NAME_LENGTH} characters` }),
    input: componentInput.optional(),
    output: componentOutput.optional(),
    need_deploy: z.boolean({ error: 'need_deploy must be true or false' }).optional(),
    provider: z
      .string({ error: 'provider must be a string such as "fate@1.11.2"' })
      .regex(PROVIDER_PATTERN, { error: 'a provider must look like "name" or "name@version"' })
      .max(MAX_NAME_LENGTH, { error: `a provider may be at most ${MAX_NAME_LENGTH} characters` })
      .optional(),
  },
  { error: 'a component must be an object with a module' },
);

export const dslSchema = z.looseObject(
  {
    components: withinComponentLimit
      .pipe(withoutProtoKey('a component name'))
      .pipe(
        z.record(componentNameKey, dslComponentSchema, {
          error: typeError('components is required and must be an object of component name to component'),
        }),
      )
      .refine((components) => Object.keys(components).length > 0, { error: 'the DSL declares no components' }),
  },
  { error: 'the DSL must be a JSON object with "components"' },
);

export type DslComponent = z.output<typeof dslComponentSchema>;
export type Dsl = z.output<typeof dslSchema>;
