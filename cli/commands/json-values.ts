import { ArgumentError } from '../../functions/domain/errors.js';
import { readJsonFile } from '../read-json-file.js';

/** The value as a plain object (a copy), or `{}` when it is not one. */
export function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {};
}

/** Reads a JSON file that must hold an object (a conf); the error names the option and the file. */
export async function readJsonObject(path: string, what: string): Promise<Record<string, unknown>> {
  const value = await readJsonFile(path, what);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ArgumentError(`the ${what} file ${path} must hold a JSON object`);
  }
  return { ...value };
}
