import type { MessagePort } from 'node:worker_threads';
import { type FixedBaseTable, fixedBasePower } from './fixed-base.js';
import { encryptedDot } from './multiexp.js';
import { decrypt, type PaillierPrivateKey } from './paillier.js';
import type { PaillierReply, PaillierRequest } from './paillier-threads.js';
import { type GradientExponents, partialGradient } from './plane-dots.js';

/**
 * A Paillier worker thread's side (paillier-threads.ts sends the requests): the same pure functions
 * as the inline path, on the tables and keys the runner's thread sent it. Serves until terminated.
 */
export function servePaillierWorker(port: MessagePort): void {
  const tables = new Map<number, FixedBaseTable>();
  const keys = new Map<number, PaillierPrivateKey>();
  const exponents = new Map<number, GradientExponents>();
  const known = <T>(map: Map<number, T>, ref: number, what: string): T => {
    const value = map.get(ref);
    if (value === undefined) throw new Error(`no ${what} ${ref} was sent to this worker`);
    return value;
  };
  const compute = (request: PaillierRequest): readonly bigint[] => {
    switch (request.op) {
      case 'table':
        tables.set(request.ref, request.table);
        return [];
      case 'key':
        keys.set(request.ref, request.key);
        return [];
      case 'exponents':
        exponents.set(request.ref, request.exponents);
        return [];
      case 'gradient': {
        const batch = known(exponents, request.ref, 'gradient exponents');
        return partialGradient(request.modulus, batch, request.first, request.count, request.ciphertexts);
      }
      case 'powers': {
        const table = known(tables, request.ref, 'fixed-base table');
        return request.alphas.map((alpha) => fixedBasePower(table, alpha));
      }
      case 'dots':
        return request.columns.map((column) => encryptedDot(request.pk, request.ciphertexts, column));
      case 'decrypt': {
        const key = known(keys, request.ref, 'private key');
        return request.ciphertexts.map((c) => decrypt(key, c));
      }
    }
  };
  port.on('message', (request: PaillierRequest) => {
    let reply: PaillierReply;
    try {
      reply = { id: request.id, result: compute(request) };
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
}
