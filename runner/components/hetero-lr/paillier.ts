import { generatePrime } from 'node:crypto';
import { bitLength, mod, modInv, modPow } from '../intersection/modular.js';

/**
 * Paillier with g = n + 1 (paillier-bigint's "simple variant"): Enc(m) = (1 + m·n)·r^n mod n².
 * With this g, g^m costs one multiplication instead of an exponentiation, so encryption is all in
 * r^n — which ObfuscatorSource (obfuscators.ts) makes cheap. Homomorphisms used by HeteroLR:
 *   Enc(a)·Enc(b) = Enc(a + b);  Enc(a)·(1 + b·n) = Enc(a + b);  Enc(a)^k = Enc(k·a).
 */
export interface PaillierPublicKey {
  readonly n: bigint;
  readonly n2: bigint;
}

export function paillierPublicKey(n: bigint): PaillierPublicKey {
  return { n, n2: n * n };
}

/** The private key in CRT form: decryption works mod p² and q² (half-size numbers, ~6× faster). */
export interface PaillierPrivateKey {
  readonly publicKey: PaillierPublicKey;
  readonly p: bigint;
  readonly q: bigint;
  readonly p2: bigint;
  readonly q2: bigint;
  readonly hp: bigint;
  readonly hq: bigint;
  readonly qInvP: bigint;
}

/** A probable prime of `bits` bits, by OpenSSL. */
function prime(bits: number): Promise<bigint> {
  return new Promise((resolve, reject) => {
    generatePrime(bits, { bigint: true }, (error, value) => (error ? reject(error) : resolve(value)));
  });
}

/**
 * Generates the key (g = n + 1) from two primes of half the key's length, each by OpenSSL's prime
 * generation (node:crypto, on libuv's thread pool: milliseconds for a 1024-bit key, where
 * paillier-bigint's search in JavaScript took seconds and started worker threads on the runner's
 * bundle to do it). OpenSSL sets the top two bits of each prime, so n has exactly `keyLength` bits;
 * the loop only guards that, and p ≠ q. Equal-length primes make gcd(n, φ(n)) = 1.
 */
export async function generatePaillierKey(keyLength: number): Promise<PaillierPrivateKey> {
  for (;;) {
    const [p, q] = await Promise.all([prime(Math.ceil(keyLength / 2)), prime(Math.floor(keyLength / 2))]);
    const n = p * q;
    if (p !== q && bitLength(n) === keyLength) return crtKey(n, p, q);
  }
}

export function crtKey(n: bigint, p: bigint, q: bigint): PaillierPrivateKey {
  const publicKey = paillierPublicKey(n);
  const p2 = p * p;
  const q2 = q * q;
  // h_p = L_p(g^(p−1) mod p²)⁻¹ mod p, with L_p(x) = (x − 1) / p (Paillier's CRT decryption).
  const hp = modInv((modPow(n + 1n, p - 1n, p2) - 1n) / p, p);
  const hq = modInv((modPow(n + 1n, q - 1n, q2) - 1n) / q, q);
  return { publicKey, p, q, p2, q2, hp, hq, qInvP: modInv(q, p) };
}

/**
 * m = CRT(m_p, m_q), m_p = L_p(c^(p−1) mod p²)·h_p mod p. Returns the residue in [0, n). Unblinded:
 * what a peer sends goes through PaillierDecryptor (decryptor.ts).
 */
export function decrypt(key: PaillierPrivateKey, ciphertext: bigint): bigint {
  const mp = (((modPow(ciphertext, key.p - 1n, key.p2) - 1n) / key.p) * key.hp) % key.p;
  const mq = (((modPow(ciphertext, key.q - 1n, key.q2) - 1n) / key.q) * key.hq) % key.q;
  return mq + mod((mp - mq) * key.qInvP, key.p) * key.q;
}

/** Enc(a + b). */
export function addCiphers(pk: PaillierPublicKey, a: bigint, b: bigint): bigint {
  return (a * b) % pk.n2;
}

/** Enc(a + m) from Enc(a) and a plaintext integer m (negative allowed). */
export function addPlain(pk: PaillierPublicKey, c: bigint, m: bigint): bigint {
  return (c * (1n + mod(m, pk.n) * pk.n)) % pk.n2;
}

/** Enc(k·a) from Enc(a); a negative k goes through the inverse ciphertext, Enc(−a). */
export function mulPlain(pk: PaillierPublicKey, c: bigint, k: bigint): bigint {
  return k >= 0n ? modPow(c, k, pk.n2) : modPow(modInv(c, pk.n2), -k, pk.n2);
}
