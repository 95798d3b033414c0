import * as z from 'zod';
import { NotFoundError } from '../../domain/errors.js';
import { type ReturnJobResourcesDeps, returnJobResources } from '../../services/scheduling/receive-resources.js';
import type { SiteServices } from '../../services/site-services.js';
import { FATE_FLOW_VERSION, FATE_VERSION, SERVERLESS_VERSION } from '../../version.js';
import { jobIdField, parseBody } from '../request-fields.js';
import { ok, type Route } from '../route.js';

/** What these routes use: the ports they read and the use cases they call. */
export type SiteRoutesDeps = Pick<SiteServices, 'jobs' | 'resources' | 'site'> & ReturnJobResourcesDeps;

/** `/v1/version/get` and `/v1/resource/query`: what this site is and what it holds. */
export const siteRoutes: Route<SiteRoutesDeps>[] = [
  // FATE-Flow serves its versions at both paths; `flow server versions` posts to the second.
  ...['/v1/version/get', '/v1/server/version/get'].map(
    (path): Route<SiteRoutesDeps> => ({
      method: 'POST',
      path,
      handler: async () =>
        ok({ FATE: FATE_VERSION, FATEFlow: FATE_FLOW_VERSION, FATEFlowServerless: SERVERLESS_VERSION }),
    }),
  ),
  {
    method: 'POST',
    path: '/v1/resource/query',
    handler: async (_request, services) => {
      const pool = await services.resources.getPool(services.site.pool.name);
      return ok({
        computing_engine_resource: pool && {
          f_engine_name: pool.name,
          f_cores: pool.cores,
          f_memory: pool.memory,
          f_nodes: pool.nodes,
          f_remaining_cores: pool.remainingCores,
          f_remaining_memory: pool.remainingMemory,
        },
        use_resource_job: (pool?.grants ?? []).map((g) => ({
          job_id: g.jobId,
          cores: g.cores,
          memory: g.memory,
          apply_time: g.appliedAt,
        })),
      });
    },
  },
  {
    method: 'POST',
    path: '/v1/resource/return',
    handler: async (request, services) => {
      const { job_id: jobId } = parseBody(z.looseObject({ job_id: jobIdField }), request.body);
      const records = await services.jobs.getJobRecords(jobId);
      if (records.length === 0) throw new NotFoundError(`no found job ${jobId}`);
      // Each role the site plays in the job holds its own grant; each return is conditional
      // (a grant not held changes nothing), as the scheduler's and the detector's are.
      const answer = [];
      for (const record of records) {
        const returned = record.resourceInUse ? await returnJobResources(services, record) : false;
        answer.push({
          job_id: jobId,
          role: record.role,
          party_id: record.partyId,
          resource_in_use: record.resourceInUse,
          resource_return_status: returned,
        });
      }
      return ok(answer);
    },
  },
];
