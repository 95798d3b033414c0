/**
 * A transferred value's part as one item of the site's table:
 *   PK `TRANSFER#<jobId>`, SK `<dest role>#<dest party>#<src role>#<src party>#<tag>#<index, 6 digits>`
 * (`<tag>` percent-escaped, so it holds no `#`: a prefix up to the tag's `#` matches that tag only).
 * The count is an attribute, so a part stored with another count is a different value under the
 * same key (refused) rather than a second item.
 */
import { createHash } from 'node:crypto';
import { isRole, type PartyRef } from '../../domain/job/roles.js';
import type { TransferKey, TransferPart } from '../../domain/ports/transfer-store.js';
import { ItemReader } from './item-reader.js';
import { type ItemKey, padded, segment } from './keys.js';
import type { Item } from './operations.js';
import { expiryAttributes } from './table-definition.js';

const INDEX_WIDTH = 6;

export const transferPartition = (jobId: string): string => `TRANSFER#${segment(jobId)}`;

const party = (ref: PartyRef): string => `${ref.role}#${ref.partyId}`;

/** The sort-key prefix shared by every part of one value (ends with `#`). */
export const transferPrefix = (key: TransferKey): string => `${party(key.dest)}#${party(key.src)}#${segment(key.tag)}#`;

export function transferItemKey(key: TransferKey, index: number): ItemKey {
  return { PK: transferPartition(key.jobId), SK: `${transferPrefix(key)}${padded(index, INDEX_WIDTH)}` };
}

/** Hex SHA-256: what a redelivery's bytes are compared by without reading them back. */
export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export function toTransferItem(part: TransferPart, expiresAt: number, storeTime: number): Item {
  return {
    ...transferItemKey(part, part.index),
    type: 'transfer',
    jobId: part.jobId,
    srcRole: part.src.role,
    srcPartyId: part.src.partyId,
    destRole: part.dest.role,
    destPartyId: part.dest.partyId,
    tag: part.tag,
    index: part.index,
    count: part.count,
    size: part.bytes.byteLength,
    sha256: sha256Hex(part.bytes),
    payload: part.bytes,
    storeTime,
    ...expiryAttributes(expiresAt),
  };
}

export function fromTransferItem(item: Item): TransferPart {
  const read = new ItemReader(item, 'transfer part');
  const payload = read.shaped('payload', (value): value is Uint8Array => value instanceof Uint8Array, 'bytes');
  return {
    jobId: read.string('jobId'),
    src: { role: read.oneOf('srcRole', isRole), partyId: read.number('srcPartyId') },
    dest: { role: read.oneOf('destRole', isRole), partyId: read.number('destPartyId') },
    tag: read.string('tag'),
    index: read.number('index'),
    count: read.number('count'),
    bytes: payload,
  };
}
