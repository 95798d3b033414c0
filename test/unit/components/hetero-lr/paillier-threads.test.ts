import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PaillierDecryptor } from '../../../../runner/components/hetero-lr/decryptor.js';
import { encodeFixed, fromResidue } from '../../../../runner/components/hetero-lr/fixed-point.js';
import { encryptedGradient, featureExponents } from '../../../../runner/components/hetero-lr/gradient-exchange.js';
import { ObfuscatorSource } from '../../../../runner/components/hetero-lr/obfuscators.js';
import {
  decrypt,
  generatePaillierKey,
  type PaillierPrivateKey,
} from '../../../../runner/components/hetero-lr/paillier.js';
import { paillierWork, slices } from '../../../../runner/components/hetero-lr/paillier-threads.js';
import { inlineWork, type PaillierWork } from '../../../../runner/components/hetero-lr/paillier-work.js';
import { testThreads } from '../../../support/task-threads.js';

/** Deterministic "random" bits (SHA-256 in counter mode), so two sources draw the same r₀ and αs. */
function seededBits(seed: string): (bits: number) => bigint {
  let counter = 0;
  return (bits) => {
    let value = 0n;
    for (let have = 0; have < bits; have += 256) {
      const block = createHash('sha256').update(`${seed}/${counter++}`).digest('hex');
      value = (value << 256n) | BigInt(`0x${block}`);
    }
    return value & ((1n << BigInt(bits)) - 1n);
  };
}

let key: PaillierPrivateKey;
// Three threads, so that batches of 2, 5 and 40 split unevenly (and one batch is smaller than the pool).
let threaded: PaillierWork;

beforeAll(async () => {
  key = await generatePaillierKey(512);
  threaded = paillierWork(testThreads(3));
}, 30_000);

afterAll(async () => {
  await threaded.close();
});

describe('Paillier work on worker threads', () => {
  it('keeps the work on the runner thread for one core, or when the task says nothing of its cores', () => {
    expect(paillierWork(undefined)).toBe(inlineWork);
    expect(paillierWork(testThreads(1))).toBe(inlineWork);
    expect(threaded.threads).toBe(3);
  });

  it('encrypts and re-randomises to the same ciphertexts as one thread, from the same random bits', async () => {
    const plaintexts = Array.from({ length: 40 }, (_, i) => BigInt(i * 7919 - 150_000) << 23n);
    const run = async (work: PaillierWork) => {
      const source = new ObfuscatorSource(key.publicKey, { work, randomBits: seededBits('obfuscators') });
      await source.refill(7);
      const encrypted = await source.encryptMany(plaintexts);
      const rerandomized = await source.rerandomizeMany(encrypted.slice(0, 5));
      return { encrypted, rerandomized, single: source.encrypt(42n) };
    };
    const inline = await run(inlineWork);
    const spread = await run(threaded);
    expect(spread).toEqual(inline);
    expect(spread.encrypted.map((c) => fromResidue(decrypt(key, c), key.publicKey.n))).toEqual(plaintexts);
    expect(spread.rerandomized.map((c) => decrypt(key, c))).toEqual(
      spread.encrypted.slice(0, 5).map((c) => decrypt(key, c)),
    );
    expect(spread.rerandomized).not.toEqual(spread.encrypted.slice(0, 5));
  }, 30_000);

  it('computes the same encrypted gradient as one thread: each column Σᵢ xᵢⱼ·dᵢ, signs mixed', async () => {
    const pk = key.publicKey;
    const source = new ObfuscatorSource(pk);
    const residuals = Array.from({ length: 33 }, (_, i) => ((i % 5) - 2) * 1.25 + i / 64);
    const rows = residuals.map((_, i) => [Math.sin(i), -Math.cos(i) * 3, i % 2, (i * 37) % 11, -0.5]);
    const d = residuals.map((r) => encodeFixed(r, 16));
    const fore = await source.encryptMany(d);
    const columns = featureExponents(rows, 5, 23, true);
    const spread = await encryptedGradient(threaded, pk, fore, columns);
    expect(spread).toEqual(await encryptedGradient(inlineWork, pk, fore, columns));
    const expected = Array.from({ length: columns.columns }, (_, j) =>
      d.reduce((sum, di, i) => sum + di * encodeFixed(j < 5 ? (rows[i]?.[j] ?? 0) : 1, 23), 0n),
    );
    expect(spread.map((c) => fromResidue(decrypt(key, c), pk.n))).toEqual(expected);
  }, 30_000);

  it('decrypts blinded ciphertexts spread over the threads to their plaintexts, in order', async () => {
    const source = new ObfuscatorSource(key.publicKey);
    const plaintexts = Array.from({ length: 40 }, (_, i) => BigInt(i) * 1_000_003n);
    const ciphertexts = await source.encryptMany(plaintexts);
    const spread = new PaillierDecryptor(key, threaded);
    const inline = new PaillierDecryptor(key, inlineWork);
    expect(await spread.decryptMany(ciphertexts)).toEqual(plaintexts);
    expect(await spread.decryptMany(ciphertexts.slice(0, 2))).toEqual(
      await inline.decryptMany(ciphertexts.slice(0, 2)),
    );
    // Two requests at once (the arbiter decrypts the guest's and a host's gradient together).
    const [first, second] = await Promise.all([
      spread.decryptMany(ciphertexts.slice(0, 20)),
      spread.decryptMany(ciphertexts.slice(20)),
    ]);
    expect([...(first ?? []), ...(second ?? [])]).toEqual(plaintexts);
  }, 30_000);

  it('fails the work, naming the thread, when a worker thread cannot start, and refuses work once closed', async () => {
    const broken = paillierWork(testThreads(2, new URL('./no-such-worker.ts', import.meta.url)));
    await expect(broken.decrypt(key, [2n, 3n])).rejects.toThrow('a Paillier worker thread failed');
    await broken.close();
    const closed = paillierWork(testThreads(2));
    await closed.close();
    await expect(closed.dots(key.publicKey, [2n], [])).rejects.toThrow('the Paillier worker threads are closed');
  }, 30_000);
});

describe('slices', () => {
  it('cuts a batch into consecutive slices differing by at most one, never an empty one', () => {
    expect(slices([1, 2, 3, 4, 5], 3)).toEqual([[1, 2], [3, 4], [5]]);
    expect(slices([1, 2], 3)).toEqual([[1], [2]]);
    expect(slices([], 3)).toEqual([]);
  });
});
