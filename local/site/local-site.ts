import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApiHandler } from '../../functions/api/create-api-handler.js';
import type { FederationHandler } from '../../functions/federation/create-federation-handler.js';
import type { SiteServices } from '../../functions/services/site-services.js';
import type { ApiServer } from '../http/api-gateway-server.js';
import { type LocalDynamo, startLocalDynamo } from '../store/local-dynamo.js';
import { buildLocalSite } from './build-local-site.js';
import type { LocalSiteOptions } from './local-site-options.js';
import { meterLocalSite } from './meter-local-site.js';
import { serveLocalSite } from './serve-local-site.js';

export type { LocalSiteOptions } from './local-site-options.js';

export interface LocalSite {
  readonly partyId: number;
  /** This site's folder (objects, keys, dynalite's files). */
  readonly dataDir: string;
  readonly apiUrl: string;
  /** https://127.0.0.1:PORT — where peers send signed messages. */
  readonly federationUrl: string;
  readonly services: SiteServices;
  /** The site's DynamoDB table, for tools and tests that look at what is stored. */
  readonly table: { readonly client: DynamoDBDocumentClient; readonly tableName: string };
  /**
   * Starts the site's own work once its peers can be reached (the federation calls it after
   * introducing the sites): what its last run left running is recovered (tasks whose worker is
   * gone end interrupted or failed, RUNNING workflows resume), then the scheduler and detector
   * run. Until then the site answers requests but starts nothing of its own.
   */
  resume(): Promise<void>;
  /** The handlers behind the two endpoints, for tests that call them in-process (no HTTP in between). */
  readonly handlers: { readonly api: ApiHandler<SiteServices>; readonly federation: FederationHandler };
  /** Stops starting work (loops, workflows, tasks) and waits for work under way; still answers peers. */
  quiesce(): Promise<void>;
  /** Quiesces, then closes the endpoints and the store. */
  stop(): Promise<void>;
}

/**
 * One party's site on this machine: the same services and handlers as in AWS, over local
 * adapters — dynalite (on disk under dataDir), a folder object store, an in-process event bus, a
 * key file — with the user API on plain HTTP and the federation endpoint on HTTPS, both on
 * 127.0.0.1 behind the API Gateway stand-in. Built (build-local-site.ts), metered where asked
 * (meter-local-site.ts), served (serve-local-site.ts).
 */
export async function startLocalSite(options: LocalSiteOptions): Promise<LocalSite> {
  const metering = meterLocalSite(options.meter, options.dataDir);
  const dynamo: LocalDynamo = await startLocalDynamo({
    ...(options.persistent === false ? {} : { path: join(options.dataDir, 'dynamodb') }),
    ...(metering.meter && { meter: metering.meter }),
  });
  const servers: ApiServer[] = [];
  const closers: Array<() => Promise<void>> = [];
  try {
    const site = await buildLocalSite(options, dynamo, metering, closers);
    const served = await serveLocalSite(site, options, metering, closers, servers);
    return {
      partyId: options.partyId,
      dataDir: options.dataDir,
      apiUrl: served.apiUrl,
      federationUrl: served.federationUrl,
      services: site.services,
      table: { client: dynamo.client, tableName: dynamo.tableName },
      resume: served.resume,
      handlers: site.handlers,
      quiesce: served.quiesce,
      async stop() {
        await served.close();
        await dynamo.stop();
      },
    };
  } catch (error) {
    for (const close of closers) await close();
    await Promise.all(servers.map((server) => server.close()));
    await dynamo.stop();
    throw error;
  }
}
