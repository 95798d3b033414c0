import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { HashMethod } from '../../../components/intersection.js';

const digests: Record<HashMethod, (message: Uint8Array) => Uint8Array> = {
  md5,
  sha1,
  sha224,
  sha256,
  sha384,
  sha512,
};

export function digest(method: HashMethod, message: Uint8Array): Uint8Array {
  return digests[method](message);
}

/** FATE salts an id by appending the salt to it (`str = str + salt`) before hashing. */
export function hashId(method: HashMethod, id: string, salt: string): Uint8Array {
  return digest(method, utf8ToBytes(`${id}${salt}`));
}
