import { createHash } from 'node:crypto';
import { type ExchangeParameters, exchangeSpec } from '../../../components/testing/exchange.js';
import { type PartyRef, partiesOf } from '../../../functions/domain/job/roles.js';
import { type ComponentContext, defineComponent, type TransferValue } from '../component.js';

/** A bigint past 64 bits, as Paillier ciphertexts are: the exchange must carry it exactly. */
export const EXCHANGE_SEED = 2n ** 130n + 12_345_678_901_234_567_890n;

/** The guest's bytes: a function of the size only, so every run and every party agrees. */
export function exchangePayload(size: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) % 256);
}

/** What a party says to every other party: its identity, with a bigint and bytes of its own. */
export const helloOf = (party: PartyRef) => ({
  role: party.role,
  party_id: party.partyId,
  n: 2n ** 64n + BigInt(party.partyId),
  bytes: new TextEncoder().encode(`${party.role} ${party.partyId}`),
});

const describe = (party: PartyRef): string => `${party.role} ${party.partyId}`;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function fields(value: TransferValue, what: string): { n: bigint; bytes: Uint8Array; role: unknown; party: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
    throw new Error(`${what} is not an object`);
  }
  const record = value as { readonly [key: string]: TransferValue };
  const { n, bytes } = record;
  if (typeof n !== 'bigint' || !(bytes instanceof Uint8Array)) {
    throw new Error(`${what} is not {n: bigint, bytes: Uint8Array}: ${typeof n}, ${typeof bytes}`);
  }
  return { n, bytes, role: record.role, party: record.party_id };
}

/** A received value's row: `id,tag,from_role,from_party,n,bytes_length,bytes_sha256`. */
const row = (id: number, tag: string, from: PartyRef, n: bigint, bytes: Uint8Array): string =>
  [id, tag, from.role, from.partyId, n, bytes.byteLength, sha256(bytes)].join(',');

/**
 * A test and benchmark component for the federation's data plane, with roles guest, host and
 * arbiter. Every party sends a "hello" to every other party; the guest sends a "ping" (a bigint and
 * `payload_bytes` bytes) to the others, which each answer with a "pong" (the bigint doubled, the
 * bytes reversed) that the guest checks. Each party writes the values it received as a table.
 */
export async function exchange(ctx: ComponentContext<ExchangeParameters>): Promise<void> {
  const { federation } = ctx;
  const self: PartyRef = { role: ctx.role, partyId: ctx.partyId };
  const others = partiesOf(federation.roles).filter((p) => p.role !== self.role || p.partyId !== self.partyId);
  const guest: PartyRef = { role: 'guest', partyId: federation.roles.guest?.[0] ?? -1 };
  const timeoutMs = ctx.parameters.timeout_seconds * 1000;
  const rows: string[] = [];

  await federation.remote('hello', helloOf(self), others);
  if (ctx.role === 'guest') {
    const payload = exchangePayload(ctx.parameters.payload_bytes);
    await federation.remote('ping', { n: EXCHANGE_SEED, bytes: payload }, others);
    for (const party of others) {
      const pong = fields(await federation.get('pong', party, { timeoutMs }), `pong from ${describe(party)}`);
      const reversed = payload.slice().reverse();
      if (pong.n !== EXCHANGE_SEED * 2n || sha256(pong.bytes) !== sha256(reversed)) {
        throw new Error(`pong from ${describe(party)} is not the ping doubled and reversed`);
      }
      rows.push(row(rows.length, 'pong', party, pong.n, pong.bytes));
    }
  } else {
    const ping = fields(await federation.get('ping', guest, { timeoutMs }), `ping from ${describe(guest)}`);
    await federation.remote('pong', { n: ping.n * 2n, bytes: ping.bytes.slice().reverse() }, [guest]);
    rows.push(row(rows.length, 'ping', guest, ping.n, ping.bytes));
  }
  for (const party of others) {
    const hello = fields(await federation.get('hello', party, { timeoutMs }), `hello from ${describe(party)}`);
    if (hello.role !== party.role || hello.party !== party.partyId) {
      throw new Error(`hello from ${describe(party)} says it is ${String(hello.role)} ${String(hello.party)}`);
    }
    rows.push(row(rows.length, 'hello', party, hello.n, hello.bytes));
  }
  const header = 'id,tag,from_role,from_party,n,bytes_length,bytes_sha256';
  for (const name of ctx.outputs.data) await ctx.writeData(name, `${[header, ...rows].join('\n')}\n`);
  ctx.log(`exchanged with ${others.map(describe).join(', ')}: ${rows.length} values received`);
}

/** The data plane's test and benchmark component (as PassThrough and Sleep are the scheduler's). */
export const Exchange = defineComponent(exchangeSpec, { run: exchange });
