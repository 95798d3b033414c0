import { generateRandomKeys } from 'paillier-bigint';
import { bitLength, isqrt, mod, modInv, modPow, randomBelow, randomBits } from '../intersection/modular.js';

/**
 * Paillier with g = n + 1 (paillier-bigint's "simple variant"): Enc(m) = (1 + m·n)·r^n mod n².
 * With this g, g^m costs one multiplication instead of an exponentiation, so encryption is all in
 * r^n — which ObfuscatorSource makes cheap. Homomorphisms used by HeteroLR:
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

/**
 * Generates the key with paillier-bigint (g = n + 1, λ = φ(n)) and rebuilds p and q from λ for
 * CRT decryption: p + q = n − φ(n) + 1 and p·q = n, so p, q = (s ± √(s² − 4n)) / 2.
 */
export async function generatePaillierKey(keyLength: number): Promise<PaillierPrivateKey> {
  const { publicKey, privateKey } = await generateRandomKeys(keyLength, true);
  const n = publicKey.n;
  const s = n - privateKey.lambda + 1n;
  const root = isqrt(s * s - 4n * n);
  const p = (s + root) / 2n;
  const q = (s - root) / 2n;
  if (p * q !== n) throw new Error('could not recover the Paillier primes from the generated key');
  return crtKey(n, p, q);
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
 * what a peer sends goes through PaillierDecryptor.
 */
export function decrypt(key: PaillierPrivateKey, ciphertext: bigint): bigint {
  const mp = (((modPow(ciphertext, key.p - 1n, key.p2) - 1n) / key.p) * key.hp) % key.p;
  const mq = (((modPow(ciphertext, key.q - 1n, key.q2) - 1n) / key.q) * key.hq) % key.q;
  return mq + mod((mp - mq) * key.qInvP, key.p) * key.q;
}

/**
 * Decryption with base blinding: each ciphertext is multiplied by s = r^n mod n², an encryption of
 * 0 (r random, unknown to everyone), before the secret-exponent exponentiations, so the values they
 * work on are not the ones a peer chose and their timing cannot be related to them. The plaintext
 * is unchanged. s is squared after each use (still an encryption of 0, still unknown), OpenSSL's
 * way of updating an RSA blinding: one multiplication mod n² per decryption instead of a fresh r^n.
 * JavaScript's BigInt arithmetic is not constant-time; this removes the peer's control over the
 * operands, not every timing difference (runner/README.md, Security notes).
 */
export class PaillierDecryptor {
  private blinding: bigint;

  constructor(private readonly key: PaillierPrivateKey) {
    const { n, n2 } = key.publicKey;
    this.blinding = modPow(randomBelow(n), n, n2);
  }

  decrypt(ciphertext: bigint): bigint {
    const { n2 } = this.key.publicKey;
    const blinded = (ciphertext * this.blinding) % n2;
    this.blinding = (this.blinding * this.blinding) % n2;
    return decrypt(this.key, blinded);
  }
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

/**
 * Random n-th residues r^n mod n² for encryption, by fixed-base exponentiation (the Damgård–Jurik–
 * Nielsen speed-up): with h = r₀^n fixed, each obfuscator is h^α for a fresh α of half the key's
 * bits. A table of h^(d·2^(w·k)) turns h^α into one multiplication per w-bit window of α: 64
 * multiplications for a 1024-bit key instead of ~1,500 for r^n. `refill` computes ahead, so a
 * party can spend the time it waits for a peer on the next batch's obfuscators.
 */
export class ObfuscatorSource {
  private readonly table: bigint[][] = [];
  private readonly alphaBits: number;
  private readonly pool: bigint[] = [];

  constructor(
    private readonly pk: PaillierPublicKey,
    private readonly windowBits = 8,
  ) {
    this.alphaBits = Math.ceil(bitLength(pk.n) / 2);
    let base = modPow(randomBelow(pk.n), pk.n, pk.n2);
    for (let k = 0; k * windowBits < this.alphaBits; k += 1) {
      const row: bigint[] = [1n, base];
      for (let d = 2; d < 1 << windowBits; d += 1) row.push(((row[d - 1] ?? 1n) * base) % pk.n2);
      this.table.push(row);
      base = ((row[(1 << windowBits) - 1] ?? 1n) * base) % pk.n2;
    }
  }

  private fresh(): bigint {
    const alpha = randomBits(this.alphaBits);
    const mask = BigInt((1 << this.windowBits) - 1);
    let acc = 1n;
    this.table.forEach((row, k) => {
      const digit = Number((alpha >> BigInt(k * this.windowBits)) & mask);
      if (digit !== 0) acc = (acc * (row[digit] ?? 1n)) % this.pk.n2;
    });
    return acc;
  }

  /** Precomputes obfuscators until the pool holds `count`. */
  refill(count: number): void {
    while (this.pool.length < count) this.pool.push(this.fresh());
  }

  next(): bigint {
    return this.pool.pop() ?? this.fresh();
  }

  /** Enc(m) for a plaintext integer m (negative allowed). */
  encrypt(m: bigint): bigint {
    return ((1n + mod(m, this.pk.n) * this.pk.n) * this.next()) % this.pk.n2;
  }

  /** The same plaintext under fresh randomness: the receiver cannot relate it to what it sent. */
  rerandomize(c: bigint): bigint {
    return (c * this.next()) % this.pk.n2;
  }
}
