import { createHash } from 'node:crypto';
import { ArgumentError } from '../errors.js';
import { isJsonObject, type JsonObject } from './deep-merge.js';

/**
 * What fixes a job's plan: its DSL and runtime conf as the initiator sent them, as hex SHA-256.
 * A site keeps it with the job's head, so a later `job.create` for the same id is taken only when
 * it carries the same plan. Object keys are sorted first: the digest must not depend on key order,
 * which neither JSON senders nor DynamoDB keep.
 */
export function planDigest(dsl: JsonObject, runtimeConf: JsonObject): string {
  let text: string;
  try {
    text = JSON.stringify([dsl, runtimeConf], sortedKeys);
  } catch (error) {
    // Only a structure too deep for the stack gets here (the values are parsed JSON).
    throw new ArgumentError(
      `the job's dsl and runtime_conf cannot be compared: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  // UTF-8 as TextEncoder makes it (a lone surrogate becomes U+FFFD), which Node's 'utf8' also does.
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (!isJsonObject(value)) return value;
  // Code-unit order, as a plain sort does, but explicit: the digest must never change with a locale.
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}
