import { generatePrimeSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type * as z from 'zod';
import type { PartyRef, RoleParties } from '../../functions/domain/job/roles.js';
import type { InputTable, RunnableComponent, TransferValue } from '../../runner/components/component.js';
import { ObfuscatorSource } from '../../runner/components/hetero-lr/obfuscators.js';
import { addPlain } from '../../runner/components/hetero-lr/paillier.js';
import { arbiterPublicKey, LR_TAGS } from '../../runner/components/hetero-lr/protocol.js';
import { HeteroLR } from '../../runner/components/hetero-lr.js';
import { HOMO_TAGS } from '../../runner/components/homo-lr/protocol.js';
import { HomoLR } from '../../runner/components/homo-lr.js';
import { INTERSECT_TAGS } from '../../runner/components/intersection/link.js';
import { bitLength, randomBelow } from '../../runner/components/intersection/modular.js';
import { generateRsaKey } from '../../runner/components/intersection/rsa-psi.js';
import { settingsFingerprint } from '../../runner/components/intersection/run-intersection.js';
import { Intersection } from '../../runner/components/intersection.js';
import { asBigIntArray, asStringArray } from '../../runner/components/transfer-values.js';
import { fakeContext, inputTable } from '../unit/components/support/fake-context.js';
import { type MemoryFederation, memoryFederation } from '../unit/components/support/memory-federation.js';

/**
 * Finding 8 of issue #10 at the component level: each honest party runs the real component over
 * the in-memory data plane; the hostile party is played by hand on its channel. Each test proves
 * the refusal (the exact message, naming the sender) and that nothing was handed over because of it.
 */
const guest: PartyRef = { role: 'guest', partyId: 9999 };
const host: PartyRef = { role: 'host', partyId: 10000 };
const arbiter: PartyRef = { role: 'arbiter', partyId: 10000 };
const roles: RoleParties = { guest: [9999], host: [10000], arbiter: [10000] };

const ROWS = 40;
const guestCsv = `id,y,x0,x1\n${Array.from({ length: ROWS }, (_, i) => `id${i},${i % 2},${(i % 7) / 4},${(i % 5) / 8}`).join('\n')}\n`;
const hostCsv = `id,h0,h1,h2\n${Array.from({ length: ROWS }, (_, i) => `id${i},${(i % 3) / 2},${(i % 4) / 4},${i / 40}`).join('\n')}\n`;
const labelled = { label_name: 'y', with_label: true };

/** Runs `component` at `party` with one input table; settles either way, so jest sees no stray rejection. */
function run<S extends z.ZodType>(
  federation: MemoryFederation,
  component: RunnableComponent<S>,
  party: PartyRef,
  parameters: Record<string, unknown>,
  input?: { kind: string; csv: string; meta: Record<string, unknown> },
): Promise<{ ok: true } | { ok: false; message: string }> {
  // The arbiter's upstream does not run at its party: the runner gives it the DSL's kind, with no table.
  const inputs: Record<string, InputTable[]> = input
    ? { [input.kind]: [inputTable('upstream.data', input.csv, input.meta)] }
    : { train_data: [] };
  const channel = federation.channel(party);
  const { ctx } = fakeContext(party, component.parameters.parse(parameters), channel, inputs, component.module);
  return component.run(ctx).then(
    () => ({ ok: true as const }),
    (error: Error) => ({ ok: false as const, message: error.message }),
  );
}

const prime = (bits: number): bigint => generatePrimeSync(bits, { bigint: true });
/** A product of two primes of exactly `bits` bits: a well-formed modulus, only too short. */
function modulusOf(bits: number): bigint {
  for (;;) {
    const n = prime(bits / 2) * prime(bits / 2);
    if (bitLength(n) === bits) return n;
  }
}

const lr = { max_iter: 2, shuffle: false, init_param: { init_method: 'zeros' }, encrypt_param: { key_length: 512 } };
const sentBy = (federation: MemoryFederation, party: PartyRef) =>
  federation.sent.filter((m) => m.from.role === party.role && m.from.partyId === party.partyId).map((m) => m.tag);

/**
 * An honest guest and arbiter, and a host that declares its 3 features and plays an honest first
 * forward: what it then has in hand is the guest's [[d]] of the batch (one per row: −y/2 at
 * iteration 0), the key, and its own obfuscators.
 */
async function hostileHostAtFirstBatch() {
  const federation = memoryFederation(roles);
  // The honest guest: once the arbiter stops, its wait ends by the channel's timeout, unwatched.
  void run(federation, HeteroLR, guest, lr, { kind: 'train_data', csv: guestCsv, meta: labelled });
  const arbiterRun = run(federation, HeteroLR, arbiter, lr);
  const channel = federation.channel(host);
  await channel.remote(LR_TAGS.gradientSize, 3, [arbiter]);
  const pk = await arbiterPublicKey(channel, arbiter, 512);
  const source = new ObfuscatorSource(pk);
  const { batches } = (await channel.get(LR_TAGS.batchIds, guest)) as { batches: readonly TransferValue[] };
  const [first] = batches;
  const batch = asStringArray(first, 'the one batch of every row', ROWS);
  await channel.remote(
    LR_TAGS.hostForward(0, 0),
    { forward: batch.map(() => source.encrypt(0n)), loss: { wx_square: source.encrypt(0n), loss_norm: null } },
    [guest],
  );
  const residuals = asBigIntArray(await channel.get(LR_TAGS.foreGradient(0, 0), guest), 'fore_gradient', ROWS);
  return { federation, arbiterRun, channel, pk, source, residuals };
}

describe('HeteroLR: the arbiter decrypts only what the protocol needs, from whom', () => {
  it("refuses a host that forwards the guest's encrypted residuals as its gradient, and decrypts none of them", async () => {
    const { federation, arbiterRun, channel, pk, residuals } = await hostileHostAtFirstBatch();
    // The guest's residuals, masked by the host itself, sent as its gradient: to learn every label.
    const forwarded = residuals.map((c) => addPlain(pk, c, randomBelow(pk.n)));
    await channel.remote(LR_TAGS.gradient('host', 0, 0), { gradient: forwarded, loss: null }, [arbiter]);

    expect(await arbiterRun).toEqual({
      ok: false,
      message:
        'host 10000 asked the arbiter to decrypt 40 values as its gradient of iteration 0, batch 0; it may ask for exactly 3, the size it declared at setup',
    });
    expect(sentBy(federation, arbiter)).not.toContain(LR_TAGS.decrypted('host', 0, 0));
  }, 30_000);

  it("refuses a loss from a host riding with its gradient: only the guest's loss is decrypted", async () => {
    const { federation, arbiterRun, channel, source, residuals } = await hostileHostAtFirstBatch();
    // A well-sized gradient, with a "loss" that is in fact one of the guest's residuals.
    const gradient = [1, 2, 3].map(() => source.encrypt(0n));
    const loss = { loss: residuals[0] ?? 1n, frac: 0, divisor: 1 };
    await channel.remote(LR_TAGS.gradient('host', 0, 0), { gradient, loss }, [arbiter]);

    expect(await arbiterRun).toEqual({
      ok: false,
      message: 'lr.0.0.host_gradient from host 10000: carries a loss, which only the guest sends',
    });
    expect(sentBy(federation, arbiter)).not.toContain(LR_TAGS.decrypted('host', 0, 0));
  }, 30_000);

  it.each([
    [
      'shorter than the key_length configured at guest and host',
      1024,
      () => modulusOf(512),
      'the modulus has 512 bits, fewer than the key_length 1024 configured here',
    ],
    ['a perfect square', 512, () => prime(300) ** 2n, 'the modulus is a perfect square'],
    ['with a small factor', 512, () => 9973n * prime(520), 'the modulus is divisible by 9973'],
  ])('guest and host refuse an arbiter key %s, before encrypting anything', async (_, keyLength, modulus, problem) => {
    const federation = memoryFederation(roles);
    const parameters = { ...lr, encrypt_param: { key_length: keyLength } };
    const guestRun = run(federation, HeteroLR, guest, parameters, {
      kind: 'train_data',
      csv: guestCsv,
      meta: labelled,
    });
    const hostRun = run(federation, HeteroLR, host, parameters, {
      kind: 'train_data',
      csv: hostCsv,
      meta: { with_label: false },
    });
    const n = modulus();
    await federation.channel(arbiter).remote(LR_TAGS.publicKey, { n, g: n + 1n }, [guest, host]);
    const message = `lr.paillier_public_key from arbiter 10000: ${problem}; refusing to use this key`;
    expect(await guestRun).toEqual({ ok: false, message });
    expect(await hostRun).toEqual({ ok: false, message });
    expect(sentBy(federation, guest)).toEqual([]);
    expect(sentBy(federation, host)).toEqual([]);
  });
});

describe('Intersection: the guest checks the RSA key the host sends before blinding its ids with it', () => {
  it.each([
    [
      'an exponent of 3',
      (key: { n: bigint }) => ({ n: key.n, e: 3n }),
      'the public exponent 3 is not an odd number between 2^16 and 2^256',
    ],
    [
      'a modulus with a small factor',
      (key: { n: bigint }) => ({ n: key.n * 7n, e: 65537n }),
      'the modulus is divisible by 7',
    ],
  ])('refuses %s', async (_, forge, problem) => {
    const federation = memoryFederation({ guest: [9999], host: [10000] });
    const parameters = { intersect_method: 'rsa', rsa_params: { key_length: 512 } };
    const guestRun = run(federation, Intersection, guest, parameters, { kind: 'data', csv: guestCsv, meta: labelled });
    const fingerprint = settingsFingerprint(Intersection.parameters.parse(parameters));
    const offer = { ...forge(generateRsaKey(512)), fingerprint };
    await federation.channel(host).remote(INTERSECT_TAGS.rsaPublicKey, offer, [guest]);
    expect(await guestRun).toEqual({
      ok: false,
      message: `intersect.rsa.public_key from host 10000: ${problem}; refusing to use this key`,
    });
    expect(sentBy(federation, guest)).toEqual([]);
  });
});

describe('HomoLR: keys and vectors a client sends', () => {
  const homo = { max_iter: 2, encrypt_param: { method: null }, init_param: { init_method: 'zeros' } };

  it('a client refuses a low-order mask key, which would unmask its model to anyone', async () => {
    const federation = memoryFederation(roles);
    const guestRun = run(federation, HomoLR, guest, homo, { kind: 'train_data', csv: guestCsv, meta: labelled });
    await federation.channel(host).remote(HOMO_TAGS.maskPublicKey, new Uint8Array(32), [guest]);
    expect(await guestRun).toEqual({
      ok: false,
      message:
        'homo_lr.mask_public_key from host 10000: not a usable X25519 public key (invalid private or public key received); refusing this key',
    });
    expect(sentBy(federation, guest).filter((tag) => tag.endsWith('masked_model'))).toEqual([]);
  });

  it('the arbiter takes from each client exactly the vector the agreed model shape has', async () => {
    const federation = memoryFederation(roles);
    void run(federation, HomoLR, guest, homo, { kind: 'train_data', csv: guestCsv, meta: labelled });
    const arbiterRun = run(federation, HomoLR, arbiter, homo);
    const channel = federation.channel(host);
    await channel.remote(HOMO_TAGS.header, { features: ['x0', 'x1'], fit_intercept: true }, [arbiter]);
    await channel.get(HOMO_TAGS.setup, arbiter);
    await channel.remote(
      HOMO_TAGS.maskedModel(0),
      Array.from({ length: 100 }, () => 1n),
      [arbiter],
    );
    expect(await arbiterRun).toEqual({
      ok: false,
      message: 'homo_lr.0.masked_model from host 10000: expected 5 values, received 100',
    });
    expect(sentBy(federation, arbiter)).toEqual([HOMO_TAGS.setup, HOMO_TAGS.setup]);
  });
});
