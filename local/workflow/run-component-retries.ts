/**
 * RunComponent's `Retry` as the interpreter applies it, counted per component of an execution.
 * The counts are kept in the store with the component's wait, so an execution resumed after a
 * restart goes on from them: the interpreter itself counts from zero again in the new run, so a
 * failure past the stored budget is handed to it as not retryable (its `isRetryable` flag).
 */
export interface RetryRule {
  readonly ErrorEquals: readonly string[];
  readonly MaxAttempts?: number;
}

/** The interpreter's default when a retrier names no MaxAttempts. */
const DEFAULT_MAX_ATTEMPTS = 3;

function matches(rule: RetryRule, error: string): boolean {
  return rule.ErrorEquals.some(
    (name) => name === error || name === 'States.ALL' || (name === 'States.TaskFailed' && error !== 'States.Timeout'),
  );
}

/**
 * The interpreter's decision for `error`: the first retrier naming it decides, until its
 * MaxAttempts. A retry is counted into `counts` (one per retrier, changed in place).
 */
export function takeRetry(rules: readonly RetryRule[], counts: number[], error: string): boolean {
  for (const [index, rule] of rules.entries()) {
    if (!matches(rule, error)) continue;
    const used = counts[index] ?? 0;
    if (used >= (rule.MaxAttempts ?? DEFAULT_MAX_ATTEMPTS)) return false;
    counts[index] = used + 1;
    return true;
  }
  return false;
}

/** Fresh counts: none used. */
export const noRetriesUsed = (rules: readonly RetryRule[]): number[] => rules.map(() => 0);
