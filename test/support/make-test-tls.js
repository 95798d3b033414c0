// The integration project's global setup and teardown: one CA, and the certificates of the sites most
// test federations run (9999 and 10000), made once per jest run into a temp folder that
// test/support/test-tls.ts copies into each federation's data folder. A test file then neither
// imports @peculiar/x509 (≈ 0.2 s of CPU under jest, per file) nor signs certificates. They are made
// by local/federation/local-tls.ts itself, through tsx in a child: jest loads a global setup without
// the projects' transform of our `.js` → `.ts` imports. `flow local up` still makes its own.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The parties of parseFederationConfig's default sites. */
const PARTIES = [9999, 10000];

const TEST_TLS_ENV = 'TEST_FEDERATION_TLS_DIR';

export default async function makeTestTls() {
  const dir = await mkdtemp(join(tmpdir(), 'fate-flow-test-tls-'));
  const script = [
    "import { join } from 'node:path';",
    "import { localCertificateAuthority, localSiteCertificate } from './local/federation/local-tls.ts';",
    `const dir = ${JSON.stringify(dir)};`,
    "const ca = await localCertificateAuthority(join(dir, 'ca'));",
    `for (const id of ${JSON.stringify(PARTIES)}) await localSiteCertificate(join(dir, \`party-\${id}\`, 'tls'), ca, id);`,
  ].join('\n');
  await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root });
  // The test files' workers are started after the global setup, with this environment (not a FATE_FLOW_
  // name: a task runner a test starts inherits it, and tests compare the runner's FATE_FLOW_ contract).
  process.env[TEST_TLS_ENV] = dir;
}

export async function removeTestTls() {
  const dir = process.env[TEST_TLS_ENV];
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
}
