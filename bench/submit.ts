import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlowClient } from '../client/flow-client.js';
import { catalogOf } from '../functions/domain/plan/component-catalog.js';
import { parseFederationConfig } from '../local/federation/federation-config.js';
import { startLocalFederation } from '../local/federation/local-federation.js';
import { type Figure, median } from './report.js';

/**
 * Jobs accepted per second by one local site's API (HTTP → middy stack → plan → DynamoDB on
 * dynalite), for a one-party job and for a two-party job whose create goes to the host site too.
 * Concurrency 16, as several users or scripts would submit at once.
 */
const TOKEN = 'bench-token-0123456789';
const CONCURRENCY = 16;

function job(roles: Record<string, number[]>) {
  return {
    job_dsl: {
      components: {
        reader_0: { module: 'Reader', output: { data: ['data'] } },
        transform_0: {
          module: 'DataTransform',
          input: { data: { data: ['reader_0.data'] } },
          output: { data: ['data'] },
        },
        train_0: {
          module: 'HeteroLR',
          input: { data: { train_data: ['transform_0.data'] } },
          output: { data: ['data'] },
        },
      },
    },
    job_runtime_conf: {
      dsl_version: 2,
      initiator: { role: 'guest', party_id: 9999 },
      role: roles,
      job_parameters: { common: { task_cores: 1 } },
      component_parameters: {
        role: { guest: { '0': { reader_0: { table: { name: 'bench', namespace: 'experiment' } } } } },
      },
    },
  };
}

async function acceptedPerSecond(client: FlowClient, body: unknown, count: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next += 1;
        const answer = await client.post('/v1/job/submit', body);
        if (answer.retcode !== 0) throw new Error(`submit failed: ${answer.retmsg}`);
      }
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

export async function benchSubmit(): Promise<Figure[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'fate-flow-bench-'));
  const federation = await startLocalFederation(parseFederationConfig({}), {
    dataDir,
    persistent: false,
    auth: { mode: 'credentials', bearerTokens: [TOKEN], appKeys: {} },
    catalog: catalogOf([], { acceptUnknownModules: true }),
    // Acceptance and transport only: no job is scheduled.
    scheduling: false,
  });
  try {
    const client = new FlowClient({ url: federation.site(9999).apiUrl, token: TOKEN });
    const onePartyJob = job({ guest: [9999] });
    const twoPartyJob = job({ guest: [9999], host: [10000] });
    await acceptedPerSecond(client, onePartyJob, 100); // warm up
    const runs = 5;
    const onePartyRates: number[] = [];
    const twoPartyRates: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      onePartyRates.push(await acceptedPerSecond(client, onePartyJob, 200));
      twoPartyRates.push(await acceptedPerSecond(client, twoPartyJob, 200));
    }
    return [
      { metric: 'jobs_accepted_per_second_one_party', value: median(onePartyRates), unit: 'jobs/s', runs },
      { metric: 'jobs_accepted_per_second_two_parties', value: median(twoPartyRates), unit: 'jobs/s', runs },
    ];
  } finally {
    await federation.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
