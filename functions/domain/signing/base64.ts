/**
 * Standard (RFC 4648 §4, padded) base64 over bytes. The domain may not use Node's `Buffer`, and
 * Node 22 has no `Uint8Array.prototype.toBase64`/`fromBase64` (both `undefined` there), while
 * `atob`/`btoa` work on "binary strings" and accept sloppy input. Keys and signatures are at most a
 * few dozen bytes, so a plain loop is plenty.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Padded standard base64, the form Standard Webhooks uses for keys and signatures. */
export function encodeBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const remaining = bytes.length - i;
    const chunk = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    text += ALPHABET.charAt((chunk >> 18) & 63);
    text += ALPHABET.charAt((chunk >> 12) & 63);
    text += remaining > 1 ? ALPHABET.charAt((chunk >> 6) & 63) : '=';
    text += remaining > 2 ? ALPHABET.charAt(chunk & 63) : '=';
  }
  return text;
}

/**
 * The bytes of padded standard base64, or `undefined` for anything else: wrong length, a character
 * outside the alphabet, whitespace, missing padding, or a non-canonical encoding (set unused bits).
 * Strict on purpose: each key and signature then has exactly one text form, so it can be compared,
 * listed and logged as text without surprises. Returns `undefined` instead of throwing because the
 * input often comes off the wire.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let written = 0;
  for (let i = 0; i < text.length; i += 4) {
    let chunk = 0;
    for (let j = i; j < i + 4; j += 1) {
      const isPadding = j >= text.length - padding;
      // A `=` anywhere but the padding at the end is not in the alphabet, so it is rejected here.
      const value = isPadding ? 0 : ALPHABET.indexOf(text.charAt(j));
      if (value < 0) return undefined;
      chunk = (chunk << 6) | value;
    }
    for (const shift of [16, 8, 0]) {
      if (written < bytes.length) bytes[written++] = (chunk >> shift) & 255;
    }
  }
  // Re-encoding catches the non-canonical forms (e.g. "Zh==" for "f") that the loop cannot see.
  return encodeBase64(bytes) === text ? bytes : undefined;
}
