import { hash } from 'node:crypto';
import type { HashMethod } from '../../../components/intersection.js';

/**
 * FATE's hash methods are OpenSSL digests under the same names; Node's one-shot `hash` runs them
 * natively without a Hash object per call (an Intersection hashes every id: ≈ 3 times less CPU
 * than the same digests in JavaScript, docs/small-components.md).
 */
export function digest(method: HashMethod, message: Uint8Array): Uint8Array {
  return hash(method, message, 'buffer');
}

/** FATE salts an id by appending the salt to it (`str = str + salt`) before hashing. */
export function hashId(method: HashMethod, id: string, salt: string): Uint8Array {
  return hash(method, `${id}${salt}`, 'buffer');
}
