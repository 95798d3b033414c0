import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { gateRequests } from '../../../local/store/request-gate.js';

/** A server with dynalite's place taken by `handler`; requests are emitted as the HTTP server and the in-process client do. */
function gatedServer(handler: (response: ServerResponse) => void) {
  const server = new EventEmitter() as unknown as Server;
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => handler(response));
  const gate = gateRequests(server);
  const request = () => {
    const answer = { statusCode: 200, ended: false };
    const response = Object.assign(answer, {
      end: () => {
        answer.ended = true;
        return response;
      },
    }) as unknown as ServerResponse & { ended: boolean };
    server.emit('request', {} as IncomingMessage, response);
    return response;
  };
  return { gate, request };
}

describe("the gate before a local store's dynalite", () => {
  it('counts a request in flight until it is answered, and closes once the last one is', async () => {
    const pending: ServerResponse[] = [];
    const { gate, request } = gatedServer((response) => pending.push(response));
    request();
    request();
    expect(gate.inFlight).toBe(2);

    let closed = false;
    const closing = gate.close(10_000).then(() => {
      closed = true;
    });
    pending[0]?.end();
    await new Promise((resolve) => setImmediate(resolve));
    expect([gate.inFlight, closed]).toEqual([1, false]);
    pending[1]?.end();
    pending[1]?.end();
    await closing;
    expect([gate.inFlight, closed]).toEqual([0, true]);
  });

  it('answers 503 to a request after the gate closed, without handing it to dynalite', async () => {
    let handed = 0;
    const { gate, request } = gatedServer((response) => {
      handed += 1;
      response.end();
    });
    await gate.close(1_000);
    const late = request();
    expect([late.statusCode, late.ended, handed]).toEqual([503, true, 0]);
  });

  it('does not wait for a request dynalite refused by throwing, and gives up on one never answered', async () => {
    const { gate, request } = gatedServer(() => {
      throw new Error('refused');
    });
    expect(() => request()).toThrow('refused');
    expect(gate.inFlight).toBe(0);

    const stuck = gatedServer(() => undefined);
    stuck.request();
    const started = Date.now();
    await stuck.gate.close(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(stuck.gate.inFlight).toBe(1);
  });
});
