/**
 * How many generated inputs a fuzz or property file sends. `npm test` sends a sample sized to keep each file
 * under a few seconds (fast-check draws a new seed every run, so CI runs keep covering new
 * ground); `FUZZ_FULL=1` sends the full count of issue #10's acceptance (10,000 bodies in all):
 * `FUZZ_FULL=1 npm test -- test/security/fuzz`.
 */
export function fuzzRuns(sample: number, full: number): number {
  return process.env.FUZZ_FULL === '1' ? full : sample;
}
