import { describe, expect, it } from '@jest/globals';
import {
  fitsTransferQuota,
  MAX_TRANSFER_BYTES_PER_JOB,
  MAX_TRANSFER_PARTS_PER_JOB,
  NO_TRANSFER_USAGE,
  transferQuotaRefusal,
} from '../../../../functions/domain/federation/transfer-quota.js';

describe('a job’s transfer quota at a site', () => {
  it('takes parts while the job holds fewer than the most parts and the bytes still fit', () => {
    expect(fitsTransferQuota(NO_TRANSFER_USAGE, MAX_TRANSFER_BYTES_PER_JOB)).toBe(true);
    expect(fitsTransferQuota({ parts: MAX_TRANSFER_PARTS_PER_JOB - 1, bytes: 0 }, 1)).toBe(true);
    expect(fitsTransferQuota({ parts: 3, bytes: MAX_TRANSFER_BYTES_PER_JOB - 10 }, 10)).toBe(true);
  });

  it('refuses the part past the most parts, and the byte past the most bytes', () => {
    expect(fitsTransferQuota({ parts: MAX_TRANSFER_PARTS_PER_JOB, bytes: 0 }, 0)).toBe(false);
    expect(fitsTransferQuota({ parts: 3, bytes: MAX_TRANSFER_BYTES_PER_JOB - 10 }, 11)).toBe(false);
    expect(fitsTransferQuota(NO_TRANSFER_USAGE, MAX_TRANSFER_BYTES_PER_JOB + 1)).toBe(false);
  });

  it('says which job, both bounds, what the job holds and the refused part’s size', () => {
    expect(transferQuotaRefusal('202612070716000000010', { parts: 7, bytes: 4096 }, 99)).toBe(
      'transfer refused: job 202612070716000000010 may store at most 10000 parts and 536870912 bytes ' +
        'of transfers at this site; it holds 7 parts and 4096 bytes, and this part has 99',
    );
  });
});
