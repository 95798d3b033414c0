import { beforeAll, describe, expect, it } from '@jest/globals';
import type { PartyRef } from '../../../../functions/domain/job/roles.js';
import {
  asGradientSize,
  DecryptionBounds,
  type DecryptionRequest,
  partyKey,
} from '../../../../runner/components/hetero-lr/decryption-bounds.js';
import { ObfuscatorSource } from '../../../../runner/components/hetero-lr/obfuscators.js';
import { generatePaillierKey, type PaillierPublicKey } from '../../../../runner/components/hetero-lr/paillier.js';

const guest: PartyRef = { role: 'guest', partyId: 9999 };
const host: PartyRef = { role: 'host', partyId: 10000 };
const arbiter: PartyRef = { role: 'arbiter', partyId: 10000 };

let pk: PaillierPublicKey;
let source: ObfuscatorSource;
beforeAll(async () => {
  pk = (await generatePaillierKey(512)).publicKey;
  source = new ObfuscatorSource(pk);
}, 30_000);

const ciphertexts = (count: number) => Array.from({ length: count }, (_, i) => source.encrypt(BigInt(i)));

/** Guest: 10 features + intercept; host: 20 features; the loss from the guest; 3 iterations of 2 batches. */
function bounds(withLoss = true) {
  return new DecryptionBounds({
    publicKey: pk,
    gradientSizes: new Map([
      [partyKey(guest), 11],
      [partyKey(host), 20],
    ]),
    lossFrom: withLoss ? guest : undefined,
    iterations: 3,
    batches: 2,
  });
}

const request = (from: PartyRef, count: number, extra: Partial<DecryptionRequest> = {}): DecryptionRequest => ({
  kind: 'gradient',
  from,
  iteration: 0,
  batch: 0,
  ciphertexts: ciphertexts(count),
  ...extra,
});

describe("the arbiter's decryption bounds", () => {
  it('admit, per iteration and batch, each party its declared gradient size once and the guest one loss', () => {
    const b = bounds();
    for (let iteration = 0; iteration < 3; iteration += 1) {
      for (let batch = 0; batch < 2; batch += 1) {
        expect(() => b.admit(request(guest, 11, { iteration, batch }))).not.toThrow();
        expect(() => b.admit(request(host, 20, { iteration, batch }))).not.toThrow();
        expect(() => b.admit(request(guest, 1, { kind: 'loss', iteration, batch }))).not.toThrow();
      }
    }
  });

  it("refuse a host asking for the guest's batch of residuals instead of its 20 features", () => {
    expect(() => bounds().admit(request(host, 320))).toThrow(
      'host 10000 asked the arbiter to decrypt 320 values as its gradient of iteration 0, batch 0; it may ask for exactly 20, the size it declared at setup',
    );
    expect(() => bounds().admit(request(guest, 10))).toThrow(
      'guest 9999 asked the arbiter to decrypt 10 values as its gradient of iteration 0, batch 0; it may ask for exactly 11, the size it declared at setup',
    );
  });

  it('refuse a second request of the same round, and keep refusing after it', () => {
    const b = bounds();
    b.admit(request(host, 20, { iteration: 1, batch: 1 }));
    const again = 'host 10000 asked the arbiter a second time to decrypt its gradient of iteration 1, batch 1';
    expect(() => b.admit(request(host, 20, { iteration: 1, batch: 1 }))).toThrow(again);
    expect(() => b.admit(request(host, 20, { iteration: 1, batch: 1 }))).toThrow(again);
    b.admit(request(guest, 1, { kind: 'loss', iteration: 2, batch: 0 }));
    expect(() => b.admit(request(guest, 1, { kind: 'loss', iteration: 2, batch: 0 }))).toThrow(
      'guest 9999 asked the arbiter a second time to decrypt its loss of iteration 2, batch 0',
    );
  });

  it('refuse a loss from a host, any loss when none is computed, and a gradient from a party that declared none', () => {
    expect(() => bounds().admit(request(host, 1, { kind: 'loss' }))).toThrow(
      'the arbiter decrypts no loss from host 10000: only guest 9999 sends the loss',
    );
    expect(() => bounds(false).admit(request(guest, 1, { kind: 'loss' }))).toThrow(
      'the arbiter decrypts no loss from guest 9999: this job computes no loss',
    );
    expect(() => bounds().admit(request(arbiter, 20))).toThrow(
      'the arbiter decrypts no gradient from arbiter 10000: only the guest and the hosts that declared a gradient size send gradients',
    );
    expect(() => bounds().admit(request({ role: 'host', partyId: 7777 }, 20))).toThrow(
      'the arbiter decrypts no gradient from host 7777',
    );
    expect(() => bounds().admit(request(guest, 2, { kind: 'loss' }))).toThrow(
      'guest 9999 asked the arbiter to decrypt 2 values as its loss of iteration 0, batch 0; it may ask for exactly 1',
    );
  });

  it('refuse a round outside the job and values that are no ciphertexts', () => {
    expect(() => bounds().admit(request(host, 20, { iteration: 3 }))).toThrow(
      'host 10000 asked the arbiter to decrypt for iteration 3, batch 0: the job trains 3 iterations',
    );
    expect(() => bounds().admit(request(host, 20, { batch: 2 }))).toThrow(
      'host 10000 asked the arbiter to decrypt for iteration 0, batch 2: the guest declared 2 batches',
    );
    const forged = [...ciphertexts(19), pk.n2];
    expect(() => bounds().admit({ ...request(host, 0), ciphertexts: forged })).toThrow(
      "host 10000's gradient of iteration 0, batch 0: value 19 is not a ciphertext (outside [1, n²))",
    );
    expect(() => bounds().admit({ ...request(host, 0), ciphertexts: [0n, ...ciphertexts(19)] })).toThrow(
      'value 0 is not a ciphertext',
    );
  });

  it('take a declared size only as a non-negative integer', () => {
    expect(asGradientSize(11, 'lr.gradient_size from guest 9999')).toBe(11);
    for (const bad of [-1, 1.5, '11', null]) {
      expect(() => asGradientSize(bad, 'lr.gradient_size from host 10000')).toThrow(
        'lr.gradient_size from host 10000: expected the number of values the party will ask to decrypt per batch',
      );
    }
  });
});
