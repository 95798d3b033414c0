import { generateKeyPairSync } from 'node:crypto';
import type { HashMethod } from '../../../components/intersection.js';
import { digest, hashId } from './hashing.js';
import { base64UrlToBigInt, bytesToBigInt, mod, modInv, modPow, randomBelow, randomBits } from './modular.js';

/**
 * The arithmetic of FATE-style RSA blind-signature PSI. The host holds an RSA key; a value's
 * "signature" is H(id)^d mod n. The guest gets its ids signed without showing them: it sends
 * H(id)·r^e (r random), the host returns (H(id)·r^e)^d = H(id)^d·r, and the guest divides r out.
 * Both sides then compare final_hash(signature) — the host's own ids signed by the host, the
 * guest's signed through the blinding — so neither learns the other's ids outside the intersection.
 */
export interface RsaPublicKey {
  readonly n: bigint;
  readonly e: bigint;
}

export interface RsaPrivateKey extends RsaPublicKey {
  readonly d: bigint;
  readonly p: bigint;
  readonly q: bigint;
  readonly dp: bigint;
  readonly dq: bigint;
  readonly qInv: bigint;
}

/** An RSA key from Node's native generator (e = 65537), its CRT parts read from the JWK export. */
export function generateRsaKey(keyLength: number): RsaPrivateKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: keyLength, publicExponent: 65537 });
  const jwk = privateKey.export({ format: 'jwk' });
  const field = (name: 'n' | 'e' | 'd' | 'p' | 'q' | 'dp' | 'dq' | 'qi'): bigint => {
    const value = jwk[name];
    if (typeof value !== 'string') throw new Error(`the generated RSA key has no "${name}"`);
    return base64UrlToBigInt(value);
  };
  return {
    n: field('n'),
    e: field('e'),
    d: field('d'),
    p: field('p'),
    q: field('q'),
    dp: field('dp'),
    dq: field('dq'),
    qInv: field('qi'),
  };
}

/** H(id) as an integer below n: the digest of id+salt read big-endian (FATE: int(hexdigest, 16)). */
export function hashToInteger(method: HashMethod, id: string, salt: string, n: bigint): bigint {
  return mod(bytesToBigInt(hashId(method, id, salt)), n);
}

/**
 * value^d mod n by the CRT (Garner): two half-size exponentiations, about 4× faster than one.
 * Unblinded: values a peer chose go through RsaSigner.
 */
export function rsaSign(key: RsaPrivateKey, value: bigint): bigint {
  const sp = modPow(value, key.dp, key.p);
  const sq = modPow(value, key.dq, key.q);
  const h = mod(key.qInv * (sp - sq), key.p);
  return sq + h * key.q;
}

/**
 * Signing with base blinding (as OpenSSL's RSA does): sign value·v mod n with v = u^e for a secret
 * random u, then multiply by u⁻¹ — (value·u^e)^d = value^d·u — so the secret-exponent
 * exponentiations never run on the value a peer chose, and their timing cannot be related to it.
 * The signature is unchanged. v and u⁻¹ are squared after each use (still a matching pair): two
 * multiplications per signature. BigInt arithmetic is still not constant-time (runner/README.md,
 * Security notes).
 */
export class RsaSigner {
  private toE: bigint;
  private inverse: bigint;

  constructor(private readonly key: RsaPrivateKey) {
    for (;;) {
      const u = randomBelow(key.n);
      try {
        this.inverse = modInv(u, key.n);
        this.toE = modPow(u, key.e, key.n);
        return;
      } catch {}
    }
  }

  sign(value: bigint): bigint {
    const { n } = this.key;
    const signature = (rsaSign(this.key, (value * this.toE) % n) * this.inverse) % n;
    this.toE = (this.toE * this.toE) % n;
    this.inverse = (this.inverse * this.inverse) % n;
    return signature;
  }
}

/** A blinding factor r (random_bit bits, invertible mod n) and r^e, which hides H(id) from the host. */
export interface Blinding {
  readonly r: bigint;
  readonly rToE: bigint;
}

export function newBlinding(key: RsaPublicKey, randomBit: number): Blinding {
  for (;;) {
    const r = randomBits(randomBit) | 1n;
    // A factor sharing a prime with n would reveal the key: astronomically unlikely, still checked.
    try {
      modInv(r, key.n);
      return { r, rToE: modPow(r, key.e, key.n) };
    } catch {}
  }
}

export function blind(key: RsaPublicKey, hashed: bigint, blinding: Blinding): bigint {
  return (hashed * blinding.rToE) % key.n;
}

/** (H·r^e)^d = H^d·r, so multiplying by r⁻¹ leaves the signature H^d. */
export function unblind(key: RsaPublicKey, signedBlinded: bigint, blinding: Blinding): bigint {
  return (signedBlinded * modInv(blinding.r, key.n)) % key.n;
}

/** final_hash(str(signature)) as hex: what the parties compare (FATE hashes the decimal string). */
export function finalHash(method: HashMethod, signature: bigint): string {
  return Buffer.from(digest(method, Buffer.from(signature.toString(10), 'utf8'))).toString('hex');
}
