import { keyFingerprint } from '../../domain/signing/key-fingerprint.js';
import { keyId, publicKeyOf } from '../../domain/signing/keys.js';
import type { SiteServices } from '../../services/site-services.js';
import { ok, type Route } from '../route.js';

/** What this route uses: the ports it reads. */
export type SiteViewRoutesDeps = Pick<SiteServices, 'jobs' | 'parties' | 'resources' | 'signingKeys' | 'site'>;

/** The waiting jobs shown: the scheduler's queue is this order, and a page shows no more. */
export const SITE_QUEUE_LIMIT = 100;

const describeKey = (publicKey: string) => ({
  key_id: keyId(publicKey),
  public_key: publicKey,
  fingerprint: keyFingerprint(publicKey),
});

/** A grant is held per role a job plays here (`<job id>#<role>`, grantIdOf). */
function grantHolder(grantId: string): { readonly job_id: string; readonly role?: string } {
  const [jobId = grantId, role] = grantId.split('#', 2);
  return role === undefined ? { job_id: jobId } : { job_id: jobId, role };
}

/**
 * `/v1/site/query`: the board's site page in one call. The pool (in use and free, and which jobs
 * hold it), the queue (waiting jobs this site initiated, in the scheduler's order), this site's own
 * keys and its peers with their keys' fingerprints and when each last made a verified call.
 */
export const siteViewRoutes: Route<SiteViewRoutesDeps>[] = [
  {
    method: 'POST',
    path: '/v1/site/query',
    handler: async (_request, services) => {
      const [pool, waiting, parties, secretKeys] = await Promise.all([
        services.resources.getPool(services.site.pool.name),
        services.jobs.waitingInitiatorJobs(SITE_QUEUE_LIMIT),
        services.parties.listParties(),
        services.signingKeys.secretKeys(),
      ]);
      return ok({
        party_id: services.site.partyId,
        resources: pool && {
          engine_name: pool.name,
          cores: pool.cores,
          memory: pool.memory,
          nodes: pool.nodes,
          remaining_cores: pool.remainingCores,
          remaining_memory: pool.remainingMemory,
          used_cores: pool.cores - pool.remainingCores,
          used_memory: pool.memory - pool.remainingMemory,
          jobs: pool.grants.map((grant) => ({
            ...grantHolder(grant.jobId),
            cores: grant.cores,
            memory: grant.memory,
            apply_time: grant.appliedAt,
            // The initiating party, when it is a peer: its jobs' share of the pool is bounded.
            ...(grant.peer === undefined ? {} : { initiator_party_id: grant.peer }),
          })),
        },
        queue: waiting.map((job, index) => ({
          position: index + 1,
          job_id: job.jobId,
          role: job.role,
          party_id: job.partyId,
          priority: job.priority,
          cores: job.cores,
          memory: job.memory,
          description: job.description,
          create_time: job.createTime,
        })),
        public_keys: secretKeys.map((secret) => describeKey(publicKeyOf(secret))),
        peers: parties.map((party) => ({
          party_id: party.partyId,
          endpoint: party.endpoint,
          public_keys: party.publicKeys.map(describeKey),
          update_time: party.updateTime,
          last_contact: party.lastContact ?? null,
        })),
      });
    },
  },
];
