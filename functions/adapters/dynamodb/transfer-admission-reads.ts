/**
 * TransferAdmissionReads on the site's one table: the addressee's job record (its status only)
 * and the job's transfer quota item (transfer-quota-item.ts), in one consistent BatchGetItem
 * instead of two GetItems — one request fewer per transferred part, here and in AWS.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PartyRef } from '../../domain/job/roles.js';
import type { TransferAdmissionReads, TransferAdmissionState } from '../../domain/ports/transfer-admission.js';
import { jobStatusOf } from './job-queries.js';
import { jobItemKey } from './keys.js';
import { batchGet } from './operations.js';
import { transferQuotaKey, transferUsageOf } from './transfer-quota-item.js';

export class DynamoTransferAdmissionReads implements TransferAdmissionReads {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(jobId: string, dest: PartyRef): Promise<TransferAdmissionState> {
    const jobKey = jobItemKey({ jobId, role: dest.role, partyId: dest.partyId });
    const quotaKey = transferQuotaKey(jobId);
    const items = await batchGet(this.doc, this.tableName, [jobKey, quotaKey], {
      names: ['status', 'parts', 'bytes'],
    });
    const job = items.find((item) => item.PK === jobKey.PK && item.SK === jobKey.SK);
    const quota = items.find((item) => item.PK === quotaKey.PK && item.SK === quotaKey.SK);
    return { status: jobStatusOf(job), usage: transferUsageOf(quota) };
  }
}
