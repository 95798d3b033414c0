import { x25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { DataError } from '../../../functions/domain/errors.js';

/**
 * Pairwise-mask secure aggregation (Bonawitz et al., 2017, without the dropout recovery): every
 * pair of clients i < j agrees on a secret seed s_ij by X25519 key agreement; in each round client
 * i adds the mask PRG(s_ij, round) to its vector and client j subtracts it, all mod 2^128. In the
 * sum over the clients every mask appears once with + and once with −, so the arbiter recovers
 * Σ x_i exactly while each single masked vector is uniformly random to it (it knows no s_ij).
 * With one guest and one host the pair's mask still cancels: the arbiter learns the sum, which
 * with two parties is all FedAvg needs to publish anyway.
 *
 * Values travel in fixed point: round(v·2^FRAC) as a residue mod 2^128 (negatives wrap around),
 * so sums of a few clients' n·w stay far below 2^127 and decode by the centred lift.
 */
export const MASK_MODULUS = 1n << 128n;
const WORD_MASK = MASK_MODULUS - 1n;
export const MASK_FRAC = 48;

export function encodeVector(values: readonly number[]): bigint[] {
  return values.map((value) => {
    if (!Number.isFinite(value)) throw new DataError(`cannot aggregate ${value}: not a finite number`);
    return BigInt(Math.round(value * 2 ** MASK_FRAC)) & WORD_MASK;
  });
}

export function decodeVector(residues: readonly bigint[]): number[] {
  return residues.map((residue) => {
    const r = residue & WORD_MASK;
    const signed = r >= MASK_MODULUS >> 1n ? r - MASK_MODULUS : r;
    return Number(signed) / 2 ** MASK_FRAC;
  });
}

export interface MaskKeyPair {
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

export function maskKeyPair(): MaskKeyPair {
  const secretKey = x25519.utils.randomSecretKey();
  return { secretKey, publicKey: x25519.getPublicKey(secretKey) };
}

/**
 * s_ij = SHA-256(context ‖ pk_low ‖ pk_high ‖ X25519(sk_i, pk_j)): both ends compute the same
 * seed (the shared point is symmetric, the keys ordered by client index); the context (job and
 * component) separates the seeds of different tasks even if keys were ever reused.
 */
export function pairSeed(own: MaskKeyPair, peerPublicKey: Uint8Array, ownIsLow: boolean, context: string): Uint8Array {
  const shared = x25519.getSharedSecret(own.secretKey, peerPublicKey);
  const [low, high] = ownIsLow ? [own.publicKey, peerPublicKey] : [peerPublicKey, own.publicKey];
  return sha256(concatBytes(utf8ToBytes(`fate-flow/homo_lr/mask/${context}/`), low, high, shared));
}

const u32 = (value: number) => {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
};

/** PRG(seed, round): SHA-256 in counter mode, block c = SHA-256(seed ‖ round ‖ c), two 128-bit words per block. */
export function maskVector(seed: Uint8Array, round: number, length: number): bigint[] {
  const words: bigint[] = [];
  for (let c = 0; words.length < length; c += 1) {
    const block = sha256(concatBytes(seed, u32(round), u32(c)));
    let hex = '';
    for (const byte of block) hex += byte.toString(16).padStart(2, '0');
    words.push(BigInt(`0x${hex.slice(0, 32)}`), BigInt(`0x${hex.slice(32)}`));
  }
  return words.slice(0, length);
}

/** One peer's mask as this client applies it: + when this client has the lower index, − otherwise. */
export interface PairMask {
  readonly seed: Uint8Array;
  readonly add: boolean;
}

export function maskResidues(residues: readonly bigint[], pairs: readonly PairMask[], round: number): bigint[] {
  const out = [...residues];
  for (const { seed, add } of pairs) {
    maskVector(seed, round, out.length).forEach((m, k) => {
      out[k] = ((out[k] ?? 0n) + (add ? m : MASK_MODULUS - m)) & WORD_MASK;
    });
  }
  return out;
}

/** Σ of the clients' masked vectors mod 2^128: the masks cancel, leaving Σ of the encoded values. */
export function sumResidues(vectors: readonly (readonly bigint[])[], length: number): bigint[] {
  const sum = Array.from({ length }, () => 0n);
  for (const vector of vectors) {
    if (vector.length !== length)
      throw new DataError(`a masked vector has ${vector.length} values, expected ${length}`);
    vector.forEach((value, k) => {
      sum[k] = ((sum[k] ?? 0n) + value) & WORD_MASK;
    });
  }
  return sum;
}
