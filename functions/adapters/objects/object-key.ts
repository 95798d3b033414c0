import { ArgumentError } from '../../domain/errors.js';

/**
 * Object keys are `/`-separated relative paths (the ObjectStore contract). Both adapters check
 * them the same way, so a key that works locally also works on S3 and the other way round: the
 * local store must not let a key escape its folder, and S3 would silently accept keys such as
 * `a//b` or `../x` that name nothing sensible on disk.
 */
export function checkObjectKey(key: string): string[] {
  if (key.length === 0) throw new ArgumentError('object key must not be empty');
  if (key.startsWith('/') || /^[A-Za-z]:/.test(key)) {
    throw new ArgumentError(`object key must be a relative path, got "${key}"`);
  }
  if (key.includes('\\') || key.includes('\0')) {
    throw new ArgumentError(`object key may not contain a backslash or a NUL character, got "${key}"`);
  }
  const segments = key.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new ArgumentError(`object key may not contain empty, "." or ".." segments, got "${key}"`);
    }
  }
  return segments;
}
