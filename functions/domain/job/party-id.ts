import * as z from 'zod';

/** Largest party id we accept: FATE stores party ids as integers; keep them within 32 bits. */
const MAX_PARTY_ID = 2_147_483_647;

/**
 * A FATE party id. Conf files give numbers; FATE's client sends `-p` values as strings; FATE casts
 * both to int, so we accept a non-negative integer or a string of digits and return a number.
 */
export const partyIdSchema = z.unknown().transform((value, ctx): number => {
  const parsed = typeof value === 'string' && /^(0|[1-9][0-9]*)$/.test(value) ? Number(value) : value;
  if (typeof parsed === 'number' && Number.isInteger(parsed) && parsed >= 0 && parsed <= MAX_PARTY_ID) {
    return parsed;
  }
  ctx.issues.push({
    code: 'custom',
    input: value,
    message: `party id must be a non-negative integer such as 9999, got ${describe(value)}`,
  });
  return z.NEVER;
});

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
