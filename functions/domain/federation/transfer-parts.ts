/**
 * The data plane's wire rules for `transfer` messages, shared by the sending runner, the receiving
 * site and the runner that reads: how a component's tag is scoped to its task, and how a value too
 * large for one message travels as numbered parts.
 *
 * Tags: `<component>/<taskVersion>/<tag>`. Every party's task of a component runs under the same
 * task version (the initiator's `task.start` carries it), so both ends compute the same scoped tag,
 * and a retry (a new version) never reads what an earlier attempt sent.
 *
 * Parts: a value whose encoded bytes fit in TRANSFER_PART_BYTES travels in one message under its
 * scoped tag; a larger one is cut into n parts, part i (1-based) under `<scoped tag>#<i>/<n>`.
 * The part size is set by DynamoDB's 400 KB item limit (the receiver stores each part as one item),
 * not by the 1 MiB federation body limit. `#` is therefore not allowed in a component's tag.
 */

import { ArgumentError, DataError } from '../errors.js';
import { describe } from '../job/party-id.js';

/** The largest part (and the largest value sent in one message), in encoded bytes. */
export const TRANSFER_PART_BYTES = 256 * 1024;
/** The largest value a component may send: 256 parts. Bulk data belongs in tables, not in messages. */
export const MAX_TRANSFER_BYTES = 256 * TRANSFER_PART_BYTES;
/** Scoped tags are DynamoDB sort-key segments (at most 1024 bytes with the parties around them). */
const MAX_SCOPED_TAG_LENGTH = 512;

const SCOPED_TAG = /^[A-Za-z0-9_-]+\/\d+\/[^#]+$/;
const PART_SUFFIX = /^(\d+)\/(\d+)$/;

/** A wire tag read back: the scoped tag and which part of its value the message carries. */
export interface TransferTag {
  readonly tag: string;
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** `<component>/<taskVersion>/<tag>`; refuses a tag that is empty, holds `#` or is too long. */
export function scopeTransferTag(
  task: { readonly component: string; readonly taskVersion: number },
  tag: string,
): string {
  if (typeof tag !== 'string' || tag === '') throw new ArgumentError('a federation tag must be a non-empty string');
  if (tag.includes('#')) {
    throw new ArgumentError(`federation tag ${describe(tag)} holds "#", which separates a value's parts`);
  }
  const scoped = `${task.component}/${task.taskVersion}/${tag}`;
  if (scoped.length > MAX_SCOPED_TAG_LENGTH) {
    throw new ArgumentError(`federation tag ${describe(tag)} is too long (${tag.length} characters)`);
  }
  return scoped;
}

/** The wire tag of part `index` of `count` (the scoped tag itself when the value is whole). */
export function partTag(scoped: string, index: number, count: number): string {
  return count === 1 ? scoped : `${scoped}#${index}/${count}`;
}

/** Reads a wire tag; a malformed one (not scoped, a bad or non-canonical part suffix) is refused. */
export function parseTransferTag(wire: string): TransferTag {
  const hash = wire.indexOf('#');
  const tag = hash === -1 ? wire : wire.slice(0, hash);
  if (!SCOPED_TAG.test(tag) || tag.length > MAX_SCOPED_TAG_LENGTH) {
    throw new ArgumentError(`transfer tag ${describe(wire)} is not "<component>/<task version>/<tag>"`);
  }
  if (hash === -1) return { tag, index: 1, count: 1 };
  const match = PART_SUFFIX.exec(wire.slice(hash + 1));
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  const canonical = match !== null && `${index}/${count}` === wire.slice(hash + 1);
  if (!canonical || count < 2 || index < 1 || index > count || count * TRANSFER_PART_BYTES > MAX_TRANSFER_BYTES) {
    throw new ArgumentError(`transfer tag ${describe(wire)} has no valid part "#<i>/<n>" (1 ≤ i ≤ n, n ≥ 2)`);
  }
  return { tag, index, count };
}

/** Cuts an encoded value into parts of at most `partBytes` (one part when it fits). */
export function splitIntoParts(bytes: Uint8Array, partBytes: number = TRANSFER_PART_BYTES): Uint8Array[] {
  if (bytes.byteLength > MAX_TRANSFER_BYTES) {
    throw new ArgumentError(
      `a federation value of ${bytes.byteLength} encoded bytes is over the ${MAX_TRANSFER_BYTES}-byte limit`,
    );
  }
  const parts: Uint8Array[] = [];
  for (let start = 0; start < bytes.byteLength || parts.length === 0; start += partBytes) {
    parts.push(bytes.subarray(start, Math.min(start + partBytes, bytes.byteLength)));
  }
  return parts;
}

/** A received part of a value. */
export interface ReceivedPart {
  readonly index: number;
  readonly count: number;
  readonly bytes: Uint8Array;
}

/**
 * The value's bytes once every part is in (undefined while some are missing). Parts that disagree
 * on their count, or duplicate or stray indexes, mean two different values were sent: refused.
 */
export function joinParts(parts: readonly ReceivedPart[], what: string): Uint8Array | undefined {
  const first = parts[0];
  if (first === undefined) return undefined;
  const counts = new Set(parts.map((part) => part.count));
  if (counts.size > 1) {
    throw new DataError(`${what}: parts disagree on how many there are (${[...counts].sort().join(', ')})`);
  }
  const byIndex = new Map<number, Uint8Array>();
  for (const part of parts) {
    if (part.index < 1 || part.index > first.count || byIndex.has(part.index)) {
      throw new DataError(`${what}: part ${part.index} of ${first.count} is out of place`);
    }
    byIndex.set(part.index, part.bytes);
  }
  if (byIndex.size < first.count) return undefined;
  const ordered = Array.from({ length: first.count }, (_, i) => byIndex.get(i + 1) ?? new Uint8Array());
  const whole = new Uint8Array(ordered.reduce((sum, bytes) => sum + bytes.byteLength, 0));
  let offset = 0;
  for (const bytes of ordered) {
    whole.set(bytes, offset);
    offset += bytes.byteLength;
  }
  return whole;
}
