import { modPow, randomBelow } from '../intersection/modular.js';
import { decrypt, type PaillierPrivateKey } from './paillier.js';
import { inlineWork, type PaillierWork } from './paillier-work.js';

/**
 * Decryption with base blinding: each ciphertext is multiplied by s = r^n mod n², an encryption of
 * 0 (r random, unknown to everyone), before the secret-exponent exponentiations, so the values they
 * work on are not the ones a peer chose and their timing cannot be related to them. The plaintext
 * is unchanged. s is squared after each use (still an encryption of 0, still unknown), OpenSSL's
 * way of updating an RSA blinding: one multiplication mod n² per decryption instead of a fresh r^n.
 * JavaScript's BigInt arithmetic is not constant-time; this removes the peer's control over the
 * operands, not every timing difference (runner/README.md, Security notes). The blinding is done
 * here, on the runner's thread; the CRT exponentiations on the task's threads (`work`).
 */
export class PaillierDecryptor {
  private blinding: bigint;

  constructor(
    private readonly key: PaillierPrivateKey,
    private readonly work: PaillierWork = inlineWork,
  ) {
    const { n, n2 } = key.publicKey;
    this.blinding = modPow(randomBelow(n), n, n2);
  }

  private blind(ciphertext: bigint): bigint {
    const { n2 } = this.key.publicKey;
    const blinded = (ciphertext * this.blinding) % n2;
    this.blinding = (this.blinding * this.blinding) % n2;
    return blinded;
  }

  decrypt(ciphertext: bigint): bigint {
    return decrypt(this.key, this.blind(ciphertext));
  }

  /** Every ciphertext's plaintext, in [0, n). */
  async decryptMany(ciphertexts: readonly bigint[]): Promise<bigint[]> {
    return this.work.decrypt(
      this.key,
      ciphertexts.map((c) => this.blind(c)),
    );
  }
}
