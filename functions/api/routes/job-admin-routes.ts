import * as z from 'zod';
import { NotFoundError } from '../../domain/errors.js';
import { type CleanJobDeps, cleanJob } from '../../services/jobs/clean-job.js';
import { type JobLogArchiveDeps, jobLogArchive } from '../../services/jobs/job-log-archive.js';
import type { SiteServices } from '../../services/site-services.js';
import { type DataViewDeps, dataView } from '../../services/tracking/data-view.js';
import { componentNameField, jobIdField, parseBody, partyIdField, roleField } from '../request-fields.js';
import { ok, type Route } from '../route.js';

/** What these routes use: the ports they read and the use cases they call. */
export type JobAdminRoutesDeps = Pick<SiteServices, 'jobs'> & JobLogArchiveDeps & DataViewDeps & CleanJobDeps;

const jobOnly = z.looseObject({ job_id: jobIdField });

/** A job's tasks at this site, narrowed by any of role, party and component (FATE's query keys). */
const taskSelection = z.looseObject({
  job_id: jobIdField,
  role: roleField.optional(),
  party_id: partyIdField.optional(),
  component_name: componentNameField.optional(),
});

const selectionOf = (query: z.output<typeof taskSelection>) => ({
  ...(query.role === undefined ? {} : { role: query.role }),
  ...(query.party_id === undefined ? {} : { partyId: query.party_id }),
  ...(query.component_name === undefined ? {} : { component: query.component_name }),
});

const updateRequest = z.looseObject({
  job_id: jobIdField,
  role: roleField,
  party_id: partyIdField,
  notes: z.string({ error: 'notes must be a string' }).max(10_000, { error: 'notes may be at most 10000 characters' }),
});

/** FATE-Flow's `/v1/job/*` routes that read or tidy a job after the fact: its logs, outputs, notes. */
export const jobAdminRoutes: Route<JobAdminRoutesDeps>[] = [
  {
    method: 'POST',
    path: '/v1/job/log/download',
    handler: async (request, services) => {
      const { job_id: jobId } = parseBody(jobOnly, request.body);
      const body = await jobLogArchive(services, jobId);
      return { kind: 'file', contentType: 'application/gzip', filename: `job_${jobId}_log.tar.gz`, body };
    },
  },
  {
    method: 'POST',
    path: '/v1/job/data/view/query',
    handler: async (request, services) => {
      const query = parseBody(taskSelection, request.body);
      const rows = await dataView(services, query.job_id, selectionOf(query));
      if (rows.length === 0)
        throw new NotFoundError(`find data view failed: no output data of job ${query.job_id} here`);
      return ok(rows);
    },
  },
  {
    method: 'POST',
    path: '/v1/job/clean',
    handler: async (request, services) => {
      const query = parseBody(taskSelection, request.body);
      await cleanJob(services, query.job_id, selectionOf(query));
      return ok();
    },
  },
  {
    method: 'POST',
    path: '/v1/job/update',
    handler: async (request, services) => {
      const query = parseBody(updateRequest, request.body);
      const key = { jobId: query.job_id, role: query.role, partyId: query.party_id };
      if ((await services.jobs.getJob(key)) === undefined) {
        throw new NotFoundError(`find job failed: no job ${query.job_id} of ${query.role} ${query.party_id} here`);
      }
      // FATE keeps a job's notes in its description (what `job list -d` searches).
      await services.jobs.updateJobFields(key, { description: query.notes });
      return ok();
    },
  },
];
