/** The detector's limits. Defaults suit AWS (a 1-minute sweep, Fargate image pulls of up to a minute). */
export interface DetectorOptions {
  /**
   * A task is marked running just before its launch, so a worker can be legitimately missing for a
   * moment (a process being spawned, an ECS task being placed): only older tasks are judged.
   */
  readonly deadTaskGraceMs: number;
  /** A running task whose runner's last heartbeat is older than this is hung: stopped and failed. */
  readonly heartbeatTimeoutMs: number;
  /**
   * Before its first heartbeat a task may still be starting: a Fargate task pulls its image first
   * (about a minute for a large one), so the first beat gets longer than the following ones.
   */
  readonly firstHeartbeatTimeoutMs: number;
  /**
   * A party of a running job that has not answered the initiator's check for this long fails the
   * job. FATE's FederatedDetector gives up after about 10.5 minutes of retries. The same limit,
   * seen from a party: a job another party initiated that holds resources here ends here when
   * nothing has come from its initiator for this long.
   */
  readonly peerSilenceLimitMs: number;
}

export const DETECTOR_DEFAULTS: DetectorOptions = {
  deadTaskGraceMs: 15_000,
  heartbeatTimeoutMs: 60_000,
  firstHeartbeatTimeoutMs: 5 * 60_000,
  peerSilenceLimitMs: 10 * 60_000,
};
