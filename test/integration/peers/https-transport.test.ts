import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { httpsTransport, type PeerEndpoint } from '../../../functions/adapters/peers/peer-transport.js';

/**
 * The HTTPS transport against a real TLS server with a certificate of the run's local CA
 * (test/support/make-test-tls.js): what `connect` opens ahead is the connection the next post
 * travels on, checked against the CA like any other.
 */
const tlsDir = process.env.TEST_FEDERATION_TLS_DIR;

let server: Server;
let ca: string;
let party: PeerEndpoint;
/** Every TLS connection the server accepted, in order, and the one each request came on. */
const connections: TLSSocket[] = [];
const requestSockets: TLSSocket[] = [];

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 400 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
};

beforeAll(async () => {
  if (tlsDir === undefined)
    throw new Error("TEST_FEDERATION_TLS_DIR is unset: the integration project's global setup makes it");
  ca = await readFile(join(tlsDir, 'ca', 'cert.pem'), 'utf8');
  const tls = join(tlsDir, 'party-9999', 'tls');
  server = createServer(
    { cert: await readFile(join(tls, 'cert.pem')), key: await readFile(join(tls, 'key.pem')) },
    (req, res) => {
      requestSockets.push(req.socket as TLSSocket);
      req.resume();
      req.on('end', () => res.end(`answer to ${req.url}`));
    },
  );
  server.on('secureConnection', (socket: TLSSocket) => connections.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  party = { partyId: 9999, endpoint: `https://127.0.0.1:${(server.address() as AddressInfo).port}` };
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

describe('httpsTransport', () => {
  it('posts on the connection that connect opened ahead, and opens one per address', async () => {
    const transport = httpsTransport({ ca });
    const before = connections.length;
    transport.connect?.(party);
    transport.connect?.(party);
    await until(() => connections.length === before + 1);
    const answer = await transport.post(party, new Uint8Array([1, 2, 3]), { 'x-test': 'one' });
    expect(answer.status).toBe(200);
    expect(Buffer.from(answer.body).toString()).toBe('answer to /v1/federation');
    expect(connections.length).toBe(before + 1);
    expect(requestSockets.at(-1)).toBe(connections.at(-1));
    transport.close();
  });

  it('posts without connect as before, on a connection of its own', async () => {
    const transport = httpsTransport({ ca });
    const before = connections.length;
    const answer = await transport.post(party, new Uint8Array([4]), {});
    expect(answer.status).toBe(200);
    expect(connections.length).toBe(before + 1);
    transport.close();
  });

  it('checks a connection opened ahead against the CA: an untrusted server is refused at the post', async () => {
    // No CA given: the system's public CAs, which never signed the local CA's certificates.
    const transport = httpsTransport();
    const served = requestSockets.length;
    transport.connect?.(party);
    await expect(transport.post(party, new Uint8Array([5]), {})).rejects.toThrow(/certificate/);
    expect(requestSockets.length).toBe(served);
    transport.close();
  });

  it('closes what it opened ahead when the transport closes', async () => {
    const transport = httpsTransport({ ca });
    const before = connections.length;
    transport.connect?.(party);
    await until(() => connections.length === before + 1);
    const opened = connections.at(-1) as TLSSocket;
    // Not events.once: a connection dropped by its client may end with ECONNRESET on this side first.
    const closed = new Promise((resolve) => opened.once('close', resolve));
    transport.close();
    await closed;
    expect(opened.destroyed).toBe(true);
  });

  it('leaves a malformed or plain-HTTP endpoint to the post to report', async () => {
    const transport = httpsTransport({ ca });
    const before = connections.length;
    expect(() => transport.connect?.({ partyId: 1, endpoint: 'not a url' })).not.toThrow();
    expect(() => transport.connect?.({ partyId: 1, endpoint: 'http://127.0.0.1:1' })).not.toThrow();
    expect(() => transport.post({ partyId: 1, endpoint: 'not a url' }, new Uint8Array(), {})).toThrow(/Invalid URL/);
    expect(connections.length).toBe(before);
    transport.close();
  });
});
