import { execFileSync } from 'node:child_process';
import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's `chromium` (`.ci/run` installs it when it is missing), found on PATH: playwright-core
 * drives it and brings no browser of its own.
 */
export function chromiumPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      "no `chromium` on PATH: the board tests drive Debian's chromium (apt-get install chromium; .ci/run does it)",
    );
  }
}

/** One headless Chromium for a test file. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
}
