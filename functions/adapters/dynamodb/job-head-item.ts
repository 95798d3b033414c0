/**
 * A job's head (domain/records/job-head.ts) as one item of the job's partition:
 *   PK `JOB#<jobId>`, SK `HEAD`
 * outside the `JOB#` and `TASK#` prefixes, so listing a job's records or tasks never meets it.
 * Written once, conditionally, before the job's first record; never changed afterwards.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { PermissionError, ServerError } from '../../domain/errors.js';
import { isRole } from '../../domain/job/roles.js';
import { headConflict, type JobHead, jobHeadOf } from '../../domain/records/job-head.js';
import { ItemReader } from './item-reader.js';
import { fromJobItem, isRoleParties } from './job-item.js';
import { JOB_SK_PREFIX, jobHeadItemKey, jobPartition } from './keys.js';
import { conditionally, type Item, queryPrefix } from './operations.js';

export const JOB_HEAD_ITEM_TYPE = 'jobHead';

function toJobHeadItem(head: JobHead, createTime: number): Item {
  return {
    ...jobHeadItemKey(head.jobId),
    type: JOB_HEAD_ITEM_TYPE,
    jobId: head.jobId,
    initiatorRole: head.initiator.role,
    initiatorPartyId: head.initiator.partyId,
    roles: head.roles,
    planDigest: head.planDigest,
    createTime,
  };
}

function fromJobHeadItem(item: Item): JobHead {
  const read = new ItemReader(item, 'job head');
  return {
    jobId: read.string('jobId'),
    initiator: { role: read.oneOf('initiatorRole', isRole), partyId: read.number('initiatorPartyId') },
    roles: read.shaped('roles', isRoleParties, 'a map of role to party ids'),
    planDigest: read.string('planDigest'),
  };
}

/**
 * The job's head: the stored one, or — for a job stored before heads existed — the one all its
 * records agree on. Records that disagree (a job taken over before heads existed) name no
 * owner: refused, so no command is taken for that job.
 */
export async function readJobHead(
  doc: DynamoDBDocumentClient,
  tableName: string,
  jobId: string,
): Promise<JobHead | undefined> {
  const { Item: item } = await doc.send(
    new GetCommand({ TableName: tableName, Key: jobHeadItemKey(jobId), ConsistentRead: true }),
  );
  if (item !== undefined) return fromJobHeadItem(item);
  const heads = (await queryPrefix(doc, tableName, jobPartition(jobId), JOB_SK_PREFIX)).map((record) =>
    jobHeadOf(fromJobItem(record)),
  );
  const [first, ...others] = heads;
  if (first === undefined) return undefined;
  const conflict = others.map((other) => headConflict(first, other)).find((found) => found !== undefined);
  if (conflict !== undefined) {
    throw new PermissionError(`job ${jobId}: its records here disagree (${conflict}); no command is taken for it`);
  }
  return first;
}

/**
 * Makes `head` the job's head unless it has one: 'claimed' when this call wrote it, else the
 * head that was there (or that a racing create wrote first; the conditional put lets one win).
 */
export async function claimJobHead(
  doc: DynamoDBDocumentClient,
  tableName: string,
  head: JobHead,
  createTime: number,
): Promise<JobHead | 'claimed'> {
  const existing = await readJobHead(doc, tableName, head.jobId);
  if (existing !== undefined) return existing;
  const written = await conditionally(() =>
    doc.send(
      new PutCommand({
        TableName: tableName,
        Item: toJobHeadItem(head, createTime),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    ),
  );
  if (written) return 'claimed';
  const winner = await readJobHead(doc, tableName, head.jobId);
  if (winner === undefined) throw new ServerError(`the head of job ${head.jobId} vanished while it was created`);
  return winner;
}
