import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The local federation's TLS: one certificate authority generated at `flow local up`, and a
 * certificate per site (127.0.0.1 / localhost) signed by it. Every site trusts the CA and
 * nothing else, so verification stays on, as it would between real organisations.
 */
export interface TlsMaterial {
  readonly key: string;
  readonly cert: string;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** selfsigned (and @peculiar/x509 under it) imported only when a certificate must be made, not to read one. */
async function generate(...args: Parameters<typeof import('selfsigned').generate>) {
  const selfsigned: typeof import('selfsigned') = await import('selfsigned');
  return selfsigned.generate(...args);
}

async function readPair(dir: string): Promise<TlsMaterial | undefined> {
  try {
    const [key, cert] = await Promise.all([
      readFile(join(dir, 'key.pem'), 'utf8'),
      readFile(join(dir, 'cert.pem'), 'utf8'),
    ]);
    return { key, cert };
  } catch {
    return undefined;
  }
}

async function writePair(dir: string, pair: TlsMaterial): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'key.pem'), pair.key, { mode: 0o600 });
  await writeFile(join(dir, 'cert.pem'), pair.cert);
}

/** The federation's CA under `dir`, created on first use (EC P-256, ten years). */
export async function localCertificateAuthority(dir: string): Promise<TlsMaterial> {
  const existing = await readPair(dir);
  if (existing) return existing;
  const now = new Date();
  const ca = await generate([{ name: 'commonName', value: 'Fate-Flow Serverless local federation CA' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + 10 * YEAR_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const pair = { key: ca.private, cert: ca.cert };
  await writePair(dir, pair);
  return pair;
}

/** A site's server certificate under `dir`, signed by the CA, created on first use. */
export async function localSiteCertificate(dir: string, ca: TlsMaterial, partyId: number): Promise<TlsMaterial> {
  const existing = await readPair(dir);
  if (existing) return existing;
  const now = new Date();
  const leaf = await generate([{ name: 'commonName', value: `party-${partyId}.federation.local` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + 2 * YEAR_MS),
    ca: { key: ca.key, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  const pair = { key: leaf.private, cert: leaf.cert };
  await writePair(dir, pair);
  return pair;
}
