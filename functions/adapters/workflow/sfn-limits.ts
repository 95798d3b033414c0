// Apart from the Step Functions adapter so that the local workflow cuts its failures the same way
// without loading @aws-sdk/client-sfn.

/** Step Functions' length limits on an error name and a cause (SendTaskFailure, StopExecution). */
export const SFN_LIMITS = { error: 256, cause: 32_768 } as const;

/**
 * Cuts `text` to at most `max` UTF-16 code units without splitting a surrogate pair, so the result
 * fits Step Functions' limit however it counts characters.
 */
export function truncateForSfn(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}
