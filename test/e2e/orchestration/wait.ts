/** Polling with a deadline, for the orchestration tests (real processes take their time). */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns a value other than undefined; throws `describe()` at the deadline.
 * Every 250 ms by default: each probe is API calls and store reads at the sites, and the suite's
 * CPU is its time limit; a quarter second more to see an end costs a test nothing it asserts.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  describe: () => Promise<string> | string,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${await describe()}`);
    await sleep(everyMs);
  }
}
