import type { MessagePort } from 'node:worker_threads';
import type { FixedBaseTable } from './fixed-base.js';
import type { PaillierPrivateKey } from './paillier.js';
import type { PaillierReply, PaillierRequest } from './paillier-threads.js';
import { decryptionsOf, dotsOf, powersOf } from './paillier-work.js';
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
      case 'powers':
        return powersOf(known(tables, request.ref, 'fixed-base table'), request.alphas);
      case 'dots':
        return dotsOf(request.pk, request.ciphertexts, request.columns);
      case 'decrypt':
        return decryptionsOf(known(keys, request.ref, 'private key'), request.ciphertexts);
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
