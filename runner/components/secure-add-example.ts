import { createHash, randomBytes } from 'node:crypto';
import { type SecureAddExampleParameters, secureAddExampleSpec } from '../../components/secure-add-example.js';
import type { PartyRef } from '../../functions/domain/job/roles.js';
import { type ComponentContext, defineComponent, type TransferValue } from './component.js';

/** Shares live in Z/2^128: a uniformly random mask hides a value below it completely. */
export const SHARE_MODULUS = 2n ** 128n;

const mod = (value: bigint): bigint => ((value % SHARE_MODULUS) + SHARE_MODULUS) % SHARE_MODULUS;

/** This party's values: `count` integers 1…1000, a function of the seed alone (FATE's `seed`). */
export function secureAddValues(seed: number, count: number): bigint[] {
  return Array.from({ length: count }, (_, i) => {
    const digest = createHash('sha256').update(`${seed}:${i}`).digest();
    return BigInt((digest.readUInt32BE(0) % 1000) + 1);
  });
}

/** A uniformly random element of Z/2^128, from the OS's CSPRNG (never from the seed, which every party's conf shows). */
function randomMask(): bigint {
  return BigInt(`0x${randomBytes(16).toString('hex')}`);
}

/** Splits each value into two additive shares: the first a random mask, the second the value minus it. */
export function shareValues(values: readonly bigint[], mask: () => bigint = randomMask): [bigint[], bigint[]] {
  const kept: bigint[] = [];
  const sent: bigint[] = [];
  for (const value of values) {
    const first = mask();
    kept.push(first);
    sent.push(mod(value - first));
  }
  return [kept, sent];
}

/** Σ(a_i + b_i) mod 2^128: one party's share of the total, from its own and the other's shares. */
export function sumOfShares(own: readonly bigint[], received: readonly bigint[]): bigint {
  if (own.length !== received.length) {
    throw new Error(`the other party sent ${received.length} shares for ${own.length} values`);
  }
  let sum = 0n;
  for (let i = 0; i < own.length; i += 1) sum += (own[i] ?? 0n) + (received[i] ?? 0n);
  return mod(sum);
}

/** Contiguous chunks, one per partition (FATE's `partition`): each travels as one transfer. */
export function partitionsOf<T>(values: readonly T[], partitions: number): T[][] {
  const size = Math.ceil(values.length / partitions);
  return Array.from({ length: partitions }, (_, k) => values.slice(k * size, (k + 1) * size));
}

function bigints(value: TransferValue, what: string): bigint[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'bigint')) {
    throw new Error(`${what} is not a list of integers`);
  }
  return value as bigint[];
}

/** The other party's [sum of shares, plain sum]. */
function pair(value: TransferValue, what: string): [bigint, bigint] {
  const [sum, plain, ...rest] = bigints(value, what);
  if (sum === undefined || plain === undefined || rest.length > 0) throw new Error(`${what} is not two integers`);
  return [sum, plain];
}

/** The one party of the other role: this toy adds the values of one guest and one host, as FATE's. */
function otherParty(ctx: ComponentContext<SecureAddExampleParameters>): PartyRef {
  const otherRole = ctx.role === 'guest' ? 'host' : 'guest';
  const parties = ctx.federation.roles[otherRole] ?? [];
  const [partyId] = parties;
  if (parties.length !== 1 || partyId === undefined) {
    throw new Error(
      `SecureAddExample adds the values of one guest and one host; the job has ${parties.length} ${otherRole}s`,
    );
  }
  return { role: otherRole, partyId };
}

/**
 * FATE's SecureAddExample (`federatedml/toy_example/secure_add_{guest,host}.py`), in exact integer
 * arithmetic: each party splits each of its values into a random mask it keeps and the value minus
 * the mask, which it sends; each adds what it kept to what it received and sends that sum; each
 * recovers the total from the two sums. Then, as FATE's toy asserts its known total, the parties
 * check it: each sends its plain sum (the toy's data is not secret) and fails unless the two add up
 * to the secure total. The log lines carry FATE's module name (`secure_add_guest` …), which
 * `flow test toy` looks for in the guest's INFO.log.
 */
export async function secureAddExample(ctx: ComponentContext<SecureAddExampleParameters>): Promise<void> {
  const { federation, parameters } = ctx;
  const name = `secure_add_${ctx.role}`;
  const log = (message: string) => ctx.log(`${name}: ${message}`);
  const other = otherParty(ctx);
  const seed = parameters.seed ?? randomBytes(4).readUInt32BE(0);

  log(`begin to make ${ctx.role} data: ${parameters.data_num} values in ${parameters.partition} partitions`);
  const values = secureAddValues(seed, parameters.data_num);
  const [kept, sent] = shareValues(values);
  log(`share one random part data to ${other.role}`);
  const chunks = partitionsOf(sent, parameters.partition);
  await Promise.all(chunks.map((chunk, k) => federation.remote(`${ctx.role}_share.${k}`, chunk, [other])));

  log(`get share of one random part data from ${other.role}`);
  const received: bigint[] = [];
  for (let k = 0; k < parameters.partition; k += 1) {
    const tag = `${other.role}_share.${k}`;
    received.push(...bigints(await federation.get(tag, other), `${tag} from ${other.role} ${other.partyId}`));
  }
  const ownSum = sumOfShares(kept, received);
  const plain = values.reduce((a, b) => a + b, 0n);
  // The plain sum rides with the sum of shares: one round trip, and the check below needs both.
  await federation.remote(`${ctx.role}_sum`, [ownSum, plain], [other]);
  log(`receive ${other.role} sum from ${other.role}`);
  const [otherSum, otherPlain] = pair(await federation.get(`${other.role}_sum`, other), `${other.role}_sum`);
  const secureSum = mod(ownSum + otherSum);
  if (secureSum !== plain + otherPlain) {
    throw new Error(`secure_sum ${secureSum} is not the sum of the parties' values, ${plain + otherPlain}`);
  }
  log(`success to calculate secure_sum, it is ${secureSum}`);
}

export const SecureAddExample = defineComponent(secureAddExampleSpec, { run: secureAddExample });
