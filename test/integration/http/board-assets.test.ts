import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { boardAssetsHandler } from '../../../local/board/serve-board.js';
import { type ApiServer, startApiServer } from '../../../local/http/api-gateway-server.js';

/**
 * The board's files beside the user API on one server, as a local site serves them: the files
 * without the API's token, under a policy that lets the page load nothing from elsewhere; every other
 * path goes on to the API's handler.
 */
describe("a local site's board assets", () => {
  let folder: string;
  let server: ApiServer;
  const apiCalls: string[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'board-assets-'));
    await writeFile(join(folder, 'index.html'), '<!doctype html><title>board</title>');
    await writeFile(join(folder, 'main.js'), 'export {};');
    await writeFile(join(folder, 'secret.txt'), 'not served');
    const board = boardAssetsHandler(async () => folder);
    server = await startApiServer({
      handler: async (event) => {
        apiCalls.push(event.rawPath);
        return { statusCode: 401, body: '{"retcode":109}' };
      },
      beside: (req, res) => board(req, res),
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('serves the page without a token, under a policy that allows nothing beyond the site', async () => {
    const response = await fetch(`${server.url}/board/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(await response.text()).toBe('<!doctype html><title>board</title>');
    const script = await fetch(`${server.url}/board/main.js`);
    expect([script.status, script.headers.get('content-type'), await script.text()]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'export {};',
    ]);
  });

  it('sends /board to /board/, and serves none of the folder but its three files', async () => {
    const bare = await fetch(`${server.url}/board`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([308, '/board/']);
    // Sent as written (fetch would resolve the dots away before sending).
    for (const path of [
      '/board/secret.txt',
      '/board/../package.json',
      '/board/%2e%2e/package.json',
      '/board/main.js/',
    ]) {
      expect(await rawStatus(server.port, path)).toBe(404);
    }
    expect((await fetch(`${server.url}/board/`, { method: 'POST' })).status).toBe(405);
  });

  it("passes every other path to the API's handler", async () => {
    const response = await fetch(`${server.url}/v1/job/query`, { method: 'POST' });
    expect(response.status).toBe(401);
    expect(apiCalls).toEqual(['/v1/job/query']);
  });
});

function rawStatus(port: number, path: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (response) => {
      response.resume();
      resolve(response.statusCode);
    })
      .on('error', reject)
      .end();
  });
}
