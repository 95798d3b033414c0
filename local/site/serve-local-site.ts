import { fileURLToPath } from 'node:url';
import { boardBundle } from '../board/board-bundle.js';
import { boardAssetsHandler } from '../board/serve-board.js';
import { type ApiServer, startApiServer } from '../http/api-gateway-server.js';
import { presignedPutHandler } from '../http/presigned-put.js';
import type { BuiltLocalSite } from './build-local-site.js';
import type { LocalSiteOptions } from './local-site-options.js';
import type { LocalSiteMetering } from './meter-local-site.js';
import { recoverSite } from './recover-site.js';
import { startSiteLoops } from './site-loops.js';

/** The project root, which the board's assets are built from. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A built site behind its two endpoints, and the switches of its own work. */
export interface ServedLocalSite {
  readonly apiUrl: string;
  readonly federationUrl: string;
  /** See LocalSite.resume: recovery first, then the scheduler and detector. */
  resume(): Promise<void>;
  /** See LocalSite.quiesce: runs `closers` once, in order. */
  quiesce(): Promise<void>;
  /** Quiesces, then closes the peer client and both endpoints (the store is the caller's). */
  close(): Promise<void>;
}

/**
 * The user API on plain HTTP and the federation endpoint on HTTPS, both on 127.0.0.1 behind the
 * API Gateway stand-in. Each server is pushed onto `servers` as it starts, so that a caller whose
 * start fails half-way closes what did start.
 */
export async function serveLocalSite(
  site: BuiltLocalSite,
  options: LocalSiteOptions,
  metering: LocalSiteMetering,
  closers: Array<() => Promise<void>>,
  servers: ApiServer[],
): Promise<ServedLocalSite> {
  const presignedPuts = presignedPutHandler(site.presignedPuts);
  const board = boardAssetsHandler(() => boardBundle(ROOT));
  // Built while the site starts, so that the first page is served at once (a second when cached).
  boardBundle(ROOT).catch(() => undefined);
  const api = await startApiServer({
    handler: metering.http('api', site.handlers.api),
    port: options.apiPort ?? 0,
    functionName: `fate-flow-api-${options.partyId}`,
    // The board's pages beside the API, same origin (local/board): what S3 serves in AWS.
    beside: (req, res) => board(req, res) ?? presignedPuts(req, res),
  });
  servers.push(api);
  site.presignedPuts.setApiUrl(api.url);
  const federation = await startApiServer({
    handler: metering.http('federation', site.handlers.federation),
    port: options.federationPort ?? 0,
    tls: { key: options.tls.key, cert: options.tls.cert },
    functionName: `fate-flow-federation-${options.partyId}`,
  });
  servers.push(federation);
  let quiesced: Promise<void> | undefined;
  let resumed: Promise<void> | undefined;
  const resume = (): Promise<void> => {
    resumed ??= (async () => {
      if (quiesced !== undefined) return;
      await recoverSite(site.services, site);
      if (options.scheduling !== false && quiesced === undefined) {
        // After the launcher's close, before the workflows': a pass under way finishes first.
        closers.splice(1, 0, startSiteLoops(site.services, site.events, options.loops, metering.meter));
      }
    })();
    return resumed;
  };
  const quiesce = (): Promise<void> => {
    quiesced ??= (async () => {
      // A resume under way finishes first: its loops are then among what is closed.
      await resumed?.catch(() => undefined);
      for (const close of closers) await close();
    })();
    return quiesced;
  };
  return {
    apiUrl: api.url,
    federationUrl: federation.url,
    resume,
    quiesce,
    async close() {
      await quiesce();
      site.signedPeers.close();
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}
