/** `application/json; charset=utf-8` → `application/json`; undefined when there is no header. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const type = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return type === '' ? undefined : type;
}

/** `application/json` and the `+json` family (`application/problem+json`, …). */
export function isJsonMediaType(type: string): boolean {
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}
