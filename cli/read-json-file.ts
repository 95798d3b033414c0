import { readFile } from 'node:fs/promises';
import { AppError, ArgumentError, RetCode } from '../functions/domain/errors.js';

/** Reads a JSON file named on the command line; errors name the option and the file. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new AppError(RetCode.EXCEPTION_ERROR, 400, `cannot read the ${what} file ${path}: ${reason}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ArgumentError(
      `the ${what} file ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
