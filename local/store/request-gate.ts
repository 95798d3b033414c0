/**
 * dynalite's request handler behind a gate, so that a store can stop without losing a request in
 * the middle. dynalite closes its database when its server closes, and an action still running
 * then (a runner's write that was answered by no one yet) fails with "Database is closed", which
 * dynalite throws from a callback: an uncaught exception that ends the whole process — every site
 * of a local federation, or the jest worker of a test that restarts a site. Stopping therefore
 * first closes the gate (a request arriving later is answered 503, which the SDK reports as the
 * store being unavailable), then waits for the requests already in to be answered, and only then
 * closes the server.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

export interface RequestGate {
  /** Refuses new requests, and resolves once every request already in is answered, or after `timeoutMs`. */
  close(timeoutMs: number): Promise<void>;
  /** Requests handed to dynalite and not answered yet. */
  readonly inFlight: number;
}

/** Puts `server`'s `request` listeners (dynalite's handler) behind a gate; requests emitted in-process pass it too. */
export function gateRequests(server: Server): RequestGate {
  const handlers = server.listeners('request') as Listener[];
  server.removeAllListeners('request');
  let open = true;
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const answered = () => {
    inFlight -= 1;
    if (inFlight === 0) for (const resolve of waiting.splice(0)) resolve();
  };
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!open) {
      response.statusCode = 503;
      response.end();
      return;
    }
    inFlight += 1;
    // dynalite answers every request with `end`, from whatever callback its action finishes in.
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    let ended = false;
    response.end = ((...args: unknown[]) => {
      if (!ended) {
        ended = true;
        answered();
      }
      return end(...args);
    }) as ServerResponse['end'];
    try {
      for (const handler of handlers) handler.call(server, request, response);
    } catch (error) {
      // Thrown before any answer (dynalite refuses some requests by throwing): not in flight.
      if (!ended) {
        ended = true;
        answered();
      }
      throw error;
    }
  });
  return {
    get inFlight() {
      return inFlight;
    },
    close(timeoutMs) {
      open = false;
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        timer.unref();
        waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
