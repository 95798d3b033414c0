import { createRequire } from 'node:module';

/** asl-validator 4 ships no type definitions; this is the part of its API the tests use. */
interface AslValidation {
  readonly isValid: boolean;
  errorsText(separator?: string): string;
}
type AslValidator = (definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }) => AslValidation;

const aslValidator: AslValidator = createRequire(import.meta.url)('asl-validator');

/** Validates a state machine definition; asl-validator mutates its input, so it gets a copy. */
export function validateAsl(definition: unknown): AslValidation {
  return aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
}
