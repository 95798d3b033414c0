/**
 * How much a job's transfers may take up at one site. A peer's `transfer`s are stored for days
 * (their readers may come late), so without a bound any party of any job could fill a site's
 * table. Measured: FATE's hetero-LR on the breast data (30 iterations, 1024-bit Paillier, with
 * `npm start`'s federation) stores 214 parts / 9.3 MB at the guest and 335 parts / 10.4 MB at the
 * host + arbiter site; these bounds leave about 30× (parts) and 50× (bytes) of that for longer
 * or wider jobs. Bulk data belongs in tables, not in messages.
 */
export const MAX_TRANSFER_PARTS_PER_JOB = 10_000;
export const MAX_TRANSFER_BYTES_PER_JOB = 512 * 1024 * 1024;

/** What a job's transfers stored at a site take up. */
export interface TransferUsage {
  readonly parts: number;
  readonly bytes: number;
}

export const NO_TRANSFER_USAGE: TransferUsage = { parts: 0, bytes: 0 };

/** Whether one more part of `bytes` still fits the job's quota. */
export function fitsTransferQuota(usage: TransferUsage, bytes: number): boolean {
  return usage.parts < MAX_TRANSFER_PARTS_PER_JOB && usage.bytes + bytes <= MAX_TRANSFER_BYTES_PER_JOB;
}

/** Why a part of `bytes` is refused for job `jobId` with `usage` taken. */
export function transferQuotaRefusal(jobId: string, usage: TransferUsage, bytes: number): string {
  return (
    `transfer refused: job ${jobId} may store at most ${MAX_TRANSFER_PARTS_PER_JOB} parts and ` +
    `${MAX_TRANSFER_BYTES_PER_JOB} bytes of transfers at this site; it holds ${usage.parts} parts ` +
    `and ${usage.bytes} bytes, and this part has ${bytes}`
  );
}
