import { describe, expect, it } from '@jest/globals';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import { publicKeyOfSecret, signEd25519, verifyEd25519 } from '../../../../functions/domain/signing/ed25519.js';

/**
 * The native (OpenSSL) Ed25519 against @noble/curves with `zip215: false`, the verification it
 * replaced: RFC 8032's vectors, NIST's, and the malleability cases, each with its exact outcome.
 * Noble is the reference here only; the code under test never calls its verify.
 */

/** @noble/curves' strict RFC 8032 verification, as functions/domain used it before. */
function nobleStrict(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const P = 2n ** 255n - 19n;
const Point = ed25519.Point;

function littleEndian(value: bigint): Uint8Array {
  const bytes = new Uint8Array(32);
  let rest = value;
  for (let i = 0; i < 32; i += 1) {
    bytes[i] = Number(rest & 255n);
    rest >>= 8n;
  }
  return bytes;
}

function numberOf(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i -= 1) value = (value << 8n) | BigInt(bytes[i] ?? 0);
  return value;
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const all = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
};

const flipped = (bytes: Uint8Array, bit: number): Uint8Array => {
  const copy = bytes.slice();
  copy[bit >> 3] = (copy[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return copy;
};

/** RFC 8032's challenge k = SHA-512(R ‖ A ‖ M) mod L. */
const challenge = (r: Uint8Array, publicKey: Uint8Array, message: Uint8Array): bigint =>
  numberOf(sha512(concat(r, publicKey, message))) % L;

/** RFC 8032 §7.1, TESTS 1–3. */
const RFC8032 = [
  {
    name: 'TEST 1',
    secretKey: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    name: 'TEST 2',
    secretKey: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    name: 'TEST 3',
    secretKey: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature:
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
] as const;

/** NIST ACVP EDDSA-SigVer-1.0, ED-25519, preHash false, test group 1: one valid signature, four altered. */
const NIST_SIGVER = [
  {
    tc: 1,
    pass: true,
    q: '745EA92E8A785DD7BF72F70B3CAD17BE04F966F33DFB8382AA7856305A61D97A',
    msg: 'DB37C7A01F6534E762ECF81F2C27294667215C9EA699808CF8C61EFD86475D7036B52CCF09587F5FDB24B676EBAFCDE708A617886794BF0806D1F89EC50F0B1862E4CFF90E32EC7EAAC33266A2875DF065E30C9260BF5505AF3B01F6D729230D8B58FE49A032CB15387748BC996F4408C7CFC8E81D9771602D6F2CD94825F6F3',
    sig: '190295502CA30A54FCE82D67ED8F18B89F0B300769BBEF8DD42F4BA75260658246916A6191391815111932CE1FDFAE705474434D11EA4E8B7DB02E8AE47D9B00',
  },
  {
    tc: 2,
    pass: false,
    q: 'C7204C7C14A49D7D9975AD72D8715505A09B1DE1F4D528B32CF86DF9D5C66554',
    msg: '148614C89C0F94E39B73CCCC2ED89DC30E3ADB2595EDF05F3D96DEC7FD5ECA6B34AFE018F3DA907B1C2D08B373AFBED6E6D419B7BC6872F59E07A32D8AB011A4263F7CEDAF839728F2988D07E28E66E0C468780F02F0ABB09C909C8B028313AA35EB42D990823F5EE31CA867180E853A92A6B09E5B469069190C6FEFE27B449A',
    sig: '548E36D06A4D6579348D3E64CC9219CE39CBE8D67540D544274C7141EEF77CD90F41495CB236F3FC1ED1C0B6E8C4E330E8411A09B06AF3F8CD2AABB8F4CC4CC5',
  },
  {
    tc: 3,
    pass: false,
    q: 'B9C11DC381084D66E5A7A658B451137D99F2685B7271FB4360F08619CBC1CEAB',
    msg: '827FE0AEF3879332BBB51019F171E6E5EDF96E6DA29C293E3C3BFBCEAD8DD3D3D78EF223A13816DEF032E732B270EA5FCC69C1453DCDB075A381E609658365A2E7C389DBD1B24EAF3FAB3B5212CDBF23456151122FBB976169C4D5F0E8558A2C85F9FF72932FC11E7CF101D42F1A3A7971CF5FEFB0EA9BE7361D0B92D0CBA140',
    sig: '96692E768052A8248F5A0A86FE5E1D9460722D49E449E57348F3C5FEE965511AD998D04E03AE7D4ABAAA8255824A9D6C9A6A00471F70D56638EB73795E066A0B',
  },
  {
    tc: 4,
    pass: false,
    q: 'FF6DE18F3FAA19FD5DE7CD5ED880FEC3F29649DDAB0C3C03F09E21BD5B737E52',
    msg: 'AF3B1077344A64D07BC6BE08C59BCDDC586928E2A4E9D531C6768F6C9C7B2D26FDF650C76B305026A82A39F552669C4003B990A3FA6DC7FF027BA884700DFBB5BC106E62DBD096E80C23506BE9D8AC6EFBFF799731E9366C582B9701195C49F89622CDFED497407D50C28C31D91F2B9A7DC2E1B90691D7890F43F91B4DE6AB99',
    sig: 'F09C9088560368D515113969576FFA22DD726D9AC840FAE1CE1B2668D31BC640B97AEC9AF405B96B49A61A98F3BA3D4BC24869C59D78F1560B97DF575208740D',
  },
  {
    tc: 5,
    pass: false,
    q: '5B34B40E8D08EB94EB48649EF78C0E242B8968C4EF370FCB71B0EA05CDA6977A',
    msg: '3A189E375111E26F305D33AA4881F75DCC11DB997EBEC5B466A6E06A4FD3F09209C14FFB96DE5B6251160839F1F73035D7B86BCBB61F4889143515AC743486399725A278B7CE1637DC92B8C648D9E97C53549ED50D87B7AB3906CAAC1538F509DD5012DB73838A768D78526ECA8290DEE22BE4693D638AA90016FC4145A3B02F',
    sig: '1DB56BA5A586D21FBD87D3B9E77EBF11FCD8A744A924FD7686B99BFD8E23351106648206E7BD71F239663976FA7A6855841EE8A09C03B37D768B66363AF8F6F4',
  },
] as const;

describe('RFC 8032 §7.1 vectors', () => {
  it.each(RFC8032)('$name: the public key, the exact signature, and it verifies', (vector) => {
    const secretKey = hexToBytes(vector.secretKey);
    const message = hexToBytes(vector.message);
    expect(bytesToHex(publicKeyOfSecret(secretKey))).toBe(vector.publicKey);
    const signature = signEd25519(message, secretKey);
    expect(bytesToHex(signature)).toBe(vector.signature);
    expect(verifyEd25519(signature, message, hexToBytes(vector.publicKey))).toBe(true);
    expect(nobleStrict(signature, message, hexToBytes(vector.publicKey))).toBe(true);
  });
});

describe('NIST ACVP EDDSA-SigVer vectors (Ed25519)', () => {
  it.each(NIST_SIGVER)('tc $tc: verifies exactly when NIST says it passes ($pass), as noble does', (vector) => {
    const args = [hexToBytes(vector.sig), hexToBytes(vector.msg), hexToBytes(vector.q)] as const;
    expect(verifyEd25519(...args)).toBe(vector.pass);
    expect(nobleStrict(...args)).toBe(vector.pass);
  });
});

// A signer whose secret scalar the test knows, to build signatures RFC 8032's rules must refuse.
const seed = hexToBytes(RFC8032[0].secretKey);
const { scalar: a, pointBytes: publicKey } = ed25519.utils.getExtendedPublicKey(seed);
const message = new TextEncoder().encode('fate-flow transfer');
const valid = signEd25519(message, seed);
const validS = numberOf(valid.subarray(32));

/** A signature with the given R encoding (of the point r·B, plus whatever else R holds), solved for S. */
function signatureWithR(rBytes: Uint8Array, r: bigint, key: Uint8Array = publicKey): Uint8Array {
  return concat(rBytes, littleEndian((r + challenge(rBytes, key, message) * a) % L));
}

/** The point of order 8 that generates the curve's torsion, and all eight small-order points. */
const torsion = Point.fromBytes(hexToBytes('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'));
const smallOrderPoints = Array.from({ length: 8 }, (_, i) => (i === 0 ? Point.ZERO : torsion.multiply(BigInt(i))));
const IDENTITY = littleEndian(1n);

/**
 * For a small-order key A, the signature (R = identity, S = 0) of a message whose challenge k makes
 * k·A the identity: [S]B = R + [k]A holds, so OpenSSL on its own would accept it. Only the
 * small-order check refuses it.
 */
function forgeryFor(key: Uint8Array): { signature: Uint8Array; message: Uint8Array } {
  const signature = concat(IDENTITY, new Uint8Array(32));
  for (let counter = 0; ; counter += 1) {
    const forged = new TextEncoder().encode(`forged ${counter}`);
    const k = challenge(IDENTITY, key, forged);
    // ZIP-215's lax decoding, so that non-canonical encodings of small-order points decode here.
    if (Point.fromBytes(key, true).multiplyUnsafe(k).equals(Point.ZERO)) return { signature, message: forged };
  }
}

interface Case {
  readonly name: string;
  readonly signature: Uint8Array;
  readonly message: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly accepted: boolean;
}

const negativeZero = IDENTITY.slice();
negativeZero[31] = 0x80;
const identityYPlusP = littleEndian(P + 1n);

const sameAsNoble: Case[] = [
  { name: 'a valid signature', signature: valid, message, publicKey, accepted: true },
  {
    name: 'S + L in place of S (S ≥ L)',
    signature: concat(valid.subarray(0, 32), littleEndian(validS + L)),
    message,
    publicKey,
    accepted: false,
  },
  {
    name: 'S = L',
    signature: concat(valid.subarray(0, 32), littleEndian(L)),
    message,
    publicKey,
    accepted: false,
  },
  {
    name: 'R the identity, canonically encoded (r = 0: valid, the control for the two below)',
    signature: signatureWithR(IDENTITY, 0n),
    message,
    publicKey,
    accepted: true,
  },
  {
    name: 'R the identity encoded with y = p + 1 (non-canonical R)',
    signature: signatureWithR(identityYPlusP, 0n),
    message,
    publicKey,
    accepted: false,
  },
  {
    name: 'R the identity encoded with x = 0 and the sign bit set (non-canonical R)',
    signature: signatureWithR(negativeZero, 0n),
    message,
    publicKey,
    accepted: false,
  },
  {
    name: 'a public key that is the identity encoded with y = p + 1 (non-canonical A), with a forgery',
    ...forgeryFor(identityYPlusP),
    publicKey: identityYPlusP,
    accepted: false,
  },
  {
    name: 'a public key that is the identity with the sign bit set (non-canonical A), with a forgery',
    ...forgeryFor(negativeZero),
    publicKey: negativeZero,
    accepted: false,
  },
  ...smallOrderPoints.map((point, i) => ({
    name: `small-order public key ${i} (${bytesToHex(point.toBytes()).slice(0, 8)}…), with a forgery`,
    ...forgeryFor(point.toBytes()),
    publicKey: point.toBytes(),
    accepted: false,
  })),
  { name: 'a bit of R flipped', signature: flipped(valid, 3), message, publicKey, accepted: false },
  { name: 'a bit of S flipped', signature: flipped(valid, 300), message, publicKey, accepted: false },
  { name: 'a bit of the message flipped', signature: valid, message: flipped(message, 9), publicKey, accepted: false },
  {
    name: 'a bit of the public key flipped',
    signature: valid,
    message,
    publicKey: flipped(publicKey, 17),
    accepted: false,
  },
  { name: 'a 63-byte signature', signature: valid.subarray(0, 63), message, publicKey, accepted: false },
  { name: 'a 31-byte public key', signature: valid, message, publicKey: publicKey.subarray(0, 31), accepted: false },
  { name: 'a public key not on the curve', signature: valid, message, publicKey: littleEndian(2n), accepted: false },
];

describe('verifyEd25519 refuses what RFC 8032 strict verification refuses, as noble with zip215: false', () => {
  it.each(sameAsNoble)('$name: accepted $accepted', ({ signature, message: signed, publicKey: key, accepted }) => {
    expect(verifyEd25519(signature, signed, key)).toBe(accepted);
    expect(nobleStrict(signature, signed, key)).toBe(accepted);
  });

  it('gives the same answer for a key the second time, from its cached key object', () => {
    const smallOrder = smallOrderPoints[1]?.toBytes() ?? new Uint8Array();
    const forgery = forgeryFor(smallOrder);
    expect([1, 2].map(() => verifyEd25519(valid, message, publicKey))).toEqual([true, true]);
    expect([1, 2].map(() => verifyEd25519(forgery.signature, forgery.message, smallOrder))).toEqual([false, false]);
  });
});

describe('where the cofactorless check is stricter than noble (RFC 8032 §5.1.7 allows either)', () => {
  it('refuses an R with a small-order component, which noble accepts', () => {
    const r = 12345n;
    const signature = signatureWithR(Point.BASE.multiply(r).add(torsion).toBytes(), r);
    expect(nobleStrict(signature, message, publicKey)).toBe(true);
    expect(verifyEd25519(signature, message, publicKey)).toBe(false);
  });

  it('refuses a public key with a small-order component, which noble accepts', () => {
    const mixedKey = Point.fromBytes(publicKey).add(torsion).toBytes();
    const r = 12345n;
    const signature = signatureWithR(Point.BASE.multiply(r).toBytes(), r, mixedKey);
    expect(nobleStrict(signature, message, mixedKey)).toBe(true);
    expect(verifyEd25519(signature, message, mixedKey)).toBe(false);
  });
});

describe('signEd25519', () => {
  it('makes the signature noble makes (Ed25519 is deterministic)', () => {
    expect(bytesToHex(signEd25519(message, seed))).toBe(bytesToHex(ed25519.sign(message, seed)));
  });

  it('refuses a secret key that is not 32 bytes with an ArgumentError', () => {
    expect(() => signEd25519(message, seed.subarray(0, 31))).toThrow(
      new ArgumentError('an Ed25519 secret key is 32 bytes'),
    );
  });
});
