import { isAppError, RetCode } from '../functions/domain/errors.js';

/** Prints a value as FATE's CLI does: indented JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 4)}\n`);
}

/**
 * Prints a failure as FATE's `{"retcode", "retmsg"}` envelope and sets a non-zero exit code.
 * Errors that are not ours are reported as retcode 100 with their message (this is the user's own
 * machine, nothing to hide from them).
 */
export function printFailure(error: unknown): void {
  const envelope = isAppError(error)
    ? { retcode: error.retcode, retmsg: error.message }
    : { retcode: RetCode.EXCEPTION_ERROR, retmsg: error instanceof Error ? error.message : String(error) };
  printJson(envelope);
  process.exitCode = 1;
}

/** Runs a command action, turning any failure into an envelope and exit code 1. */
export function action<A extends unknown[]>(run: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (error) {
      printFailure(error);
    }
  };
}

/**
 * `flow job list | head -1`: once the reader has gone, what is left to print has no one to read
 * it; exit 0 quietly (as `cat` does) instead of dying of an EPIPE stack trace.
 */
export function exitQuietlyOnBrokenPipe(
  stream: NodeJS.EventEmitter,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    exit(0);
  });
}
