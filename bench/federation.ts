import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogOf } from '../functions/domain/plan/component-catalog.js';
import type { FederatedMessage } from '../functions/domain/ports/peer-client.js';
import { parseFederationConfig } from '../local/federation/federation-config.js';
import { startLocalFederation } from '../local/federation/local-federation.js';
import { type Figure, median } from './report.js';

/**
 * Signed round trips between two local sites: the guest's SignedPeerClient → HTTPS (kept-alive,
 * local CA) → the host's federation handler (Ed25519 verification, replay record, the command,
 * stored reply) → protobuf reply. The command is a status update to the status the job already has
 * (an idempotent no-op at the host), so the figure is the transport's cost.
 */
async function roundTripsPerSecond(call: () => Promise<unknown>, count: number, concurrency: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        await call();
      }
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

export async function benchFederation(): Promise<Figure[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fate-flow-bench-'));
  const token = 'bench-token-0123456789';
  const federation = await startLocalFederation(parseFederationConfig({}), {
    dataDir,
    persistent: false,
    auth: { mode: 'credentials', bearerTokens: [token], appKeys: {} },
    catalog: catalogOf([], { acceptUnknownModules: true }),
    // Acceptance and transport only: no job is scheduled.
    scheduling: false,
  });
  try {
    const guest = federation.site(9999);
    const jobId = '202611270000000000001';
    const create: FederatedMessage<'job.create'> = {
      command: 'job.create',
      jobId,
      src: { role: 'guest', partyId: 9999 },
      dest: { role: 'host', partyId: 10000 },
      body: {
        dsl: { components: { reader_0: { module: 'Reader', output: { data: ['data'] } } } },
        runtimeConf: {
          dsl_version: 2,
          initiator: { role: 'guest', party_id: 9999 },
          role: { guest: [9999], host: [10000] },
        },
        createTime: Date.now(),
      },
    };
    if ((await guest.services.peers.call(create)).retcode !== 0) throw new Error('job.create failed');
    const status: FederatedMessage<'job.status'> = { ...create, command: 'job.status', body: { status: 'waiting' } };
    const call = async () => {
      const reply = await guest.services.peers.call(status);
      if (reply.retcode !== 0) throw new Error(`unexpected reply ${reply.retcode}: ${reply.retmsg}`);
    };
    await roundTripsPerSecond(call, 100, 4); // warm up
    const runs = 5;
    const sequential: number[] = [];
    const concurrent: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      sequential.push(await roundTripsPerSecond(call, 200, 1));
      concurrent.push(await roundTripsPerSecond(call, 400, 16));
    }
    return [
      { metric: 'signed_round_trips_per_second_sequential', value: median(sequential), unit: 'calls/s', runs },
      { metric: 'signed_round_trips_per_second_concurrency_16', value: median(concurrent), unit: 'calls/s', runs },
      { metric: 'signed_round_trip_ms_sequential', value: 1000 / median(sequential), unit: 'ms', runs },
    ];
  } finally {
    await federation.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
