import { cp, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Gives a new federation data folder the jest run's CA and the site certificates made once for it
 * (test/support/make-test-tls.js), for the parties they were made for; local/federation/local-tls.ts
 * reads a pair it finds and makes the others, signed by that CA. A folder that has its own CA
 * already (a restart, or a run without the global setup) is left alone.
 */
export async function seedTestTls(dataDir: string, partyIds: readonly number[]): Promise<void> {
  const made = process.env.TEST_FEDERATION_TLS_DIR;
  if (made === undefined || (await exists(join(dataDir, 'ca')))) return;
  await cp(join(made, 'ca'), join(dataDir, 'ca'), { recursive: true });
  for (const partyId of partyIds) {
    const tls = join(made, `party-${partyId}`, 'tls');
    if (await exists(tls)) await cp(tls, join(dataDir, `party-${partyId}`, 'tls'), { recursive: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
