import { sourceMappedFrame } from './bundle-stack.js';

/** Stack frames kept in a task's error report: where it failed, not the whole call chain. */
const STACK_FRAMES = 5;

/** The report is stored on the task record and shown by `flow task query`; keep it a few lines. */
const MAX_REPORT_CHARS = 4000;

/**
 * A task's error report: the error's name and message, then the top of its stack (frames of the
 * runner's bundle named by their TypeScript source). Structural
 * rather than `instanceof Error`, since an error may come from another realm (jest's vm, a worker).
 */
export function errorReportOf(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('message' in error))
    return String(error).slice(0, MAX_REPORT_CHARS);
  const stack = 'stack' in error && typeof error.stack === 'string' ? error.stack : '';
  const frames = stack
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, STACK_FRAMES)
    .map((line) => `    ${sourceMappedFrame(line.trim())}`);
  return [`${nameOf(error)}: ${String(error.message)}`, ...frames].join('\n').slice(0, MAX_REPORT_CHARS);
}

const nameOf = (error: object): string => ('name' in error && typeof error.name === 'string' ? error.name : 'Error');

/** The report's first line alone: no stack is looked at, so no source map is read. */
export function errorHeadline(error: unknown): string {
  const whole =
    typeof error === 'object' && error !== null && 'message' in error
      ? `${nameOf(error)}: ${String(error.message)}`
      : String(error);
  return (whole.split('\n')[0] ?? '').slice(0, MAX_REPORT_CHARS);
}
