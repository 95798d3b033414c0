import * as z from 'zod';
import { NotFoundError } from '../../domain/errors.js';
import { jobRow, taskRow, withoutPrefix } from '../../services/jobs/fate-rows.js';
import { type FateJobConfigDeps, fateJobConfig } from '../../services/jobs/job-config.js';
import { type RerunJobDeps, rerunJob } from '../../services/jobs/rerun-job.js';
import { type StopJobDeps, stopJob } from '../../services/jobs/stop-job.js';
import { type SubmitJobDeps, submitJob } from '../../services/jobs/submit-job.js';
import type { SiteServices } from '../../services/site-services.js';
import {
  componentNameField,
  jobIdField,
  jobStatusField,
  parseBody,
  partyIdField,
  roleField,
} from '../request-fields.js';
import { ok, type Route } from '../route.js';

/** What these routes use: the ports they read and the use cases they call. */
export type JobRoutesDeps = Pick<SiteServices, 'jobs'> & FateJobConfigDeps & RerunJobDeps & StopJobDeps & SubmitJobDeps;

const jobQuery = z.looseObject({
  job_id: jobIdField.optional(),
  role: roleField.optional(),
  party_id: partyIdField.optional(),
  status: jobStatusField.optional(),
});

const listOf = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]));

const jobList = z.looseObject({
  limit: z.number({ error: 'limit must be a positive integer' }).int().min(1).max(1000).default(10),
  page: z.number({ error: 'page must be a positive integer' }).int().min(1).default(1),
  job_id: z.string({ error: 'job_id must be a string' }).optional(),
  description: z.string({ error: 'description must be a string' }).optional(),
  party_id: partyIdField.optional(),
  role: listOf(roleField).optional(),
  status: listOf(jobStatusField).optional(),
  order: z.enum(['asc', 'desc'], { error: 'order must be "asc" or "desc"' }).default('desc'),
});

const stopRequest = z.looseObject({
  job_id: jobIdField,
  stop_status: z
    .enum(['canceled', 'failed', 'timeout'], { error: 'stop_status must be canceled, failed or timeout' })
    .default('canceled'),
});

const configRequest = z.looseObject({
  job_id: jobIdField,
  role: roleField.optional(),
  party_id: partyIdField.optional(),
});

const taskQuery = z.looseObject({
  job_id: jobIdField,
  role: roleField.optional(),
  party_id: partyIdField.optional(),
  component_name: componentNameField.optional(),
  status: z.string({ error: 'status must be a string' }).optional(),
});

const taskList = taskQuery.extend({
  limit: z.number({ error: 'limit must be a positive integer' }).int().min(1).max(1000).default(20),
  page: z.number({ error: 'page must be a positive integer' }).int().min(1).default(1),
});

/** FATE-Flow's `/v1/job/*` routes. */
export const jobRoutes: Route<JobRoutesDeps>[] = [
  {
    method: 'POST',
    path: '/v1/job/submit',
    handler: async (request, services) => {
      const result = await submitJob(services, request.body);
      return ok(result, { jobId: result.job_id });
    },
  },
  {
    method: 'POST',
    path: '/v1/job/query',
    handler: async (request, services) => {
      const query = parseBody(jobQuery, request.body);
      const filter = {
        ...(query.job_id === undefined ? {} : { jobId: query.job_id }),
        ...(query.role === undefined ? {} : { role: query.role }),
        ...(query.party_id === undefined ? {} : { partyId: query.party_id }),
        ...(query.status === undefined ? {} : { status: query.status }),
      };
      const jobs = await services.jobs.queryJobs(filter);
      if (jobs.length === 0) throw new NotFoundError('find job failed: no job matches the query');
      return ok(jobs.map(jobRow));
    },
  },
  {
    method: 'POST',
    path: '/v1/job/list/job',
    handler: async (request, services) => {
      const query = parseBody(jobList, request.body);
      const { jobs, count } = await services.jobs.listJobs({
        limit: query.limit,
        page: query.page,
        order: query.order,
        ...(query.party_id === undefined ? {} : { partyId: query.party_id }),
        ...(query.role === undefined ? {} : { roles: query.role }),
        ...(query.status === undefined ? {} : { statuses: query.status }),
        ...(query.job_id === undefined ? {} : { jobIdContains: query.job_id }),
        ...(query.description === undefined ? {} : { descriptionContains: query.description }),
      });
      return ok({ count, jobs: jobs.map((job) => withoutPrefix(jobRow(job))) });
    },
  },
  {
    method: 'POST',
    path: '/v1/job/stop',
    handler: async (request, services) => {
      const { job_id: jobId, stop_status: status } = parseBody(stopRequest, request.body);
      const result = await stopJob(services, jobId, status);
      return { kind: 'envelope', envelope: { ...result, jobId } };
    },
  },
  {
    method: 'POST',
    path: '/v1/job/rerun',
    handler: async (request, services) => {
      const query = parseBody(
        z.looseObject({
          job_id: jobIdField,
          component_name: componentNameField.optional(),
          force: z.boolean({ error: 'force must be true or false' }).default(false),
        }),
        request.body,
      );
      const result = await rerunJob(services, query.job_id, {
        ...(query.component_name === undefined ? {} : { component: query.component_name }),
        force: query.force,
      });
      return ok({ components: result.components }, { jobId: query.job_id });
    },
  },
  {
    method: 'POST',
    path: '/v1/job/config',
    handler: async (request, services) => {
      const query = parseBody(configRequest, request.body);
      return ok(await fateJobConfig(services, query.job_id, query.role, query.party_id));
    },
  },
  {
    method: 'POST',
    path: '/v1/job/task/query',
    handler: async (request, services) => {
      const query = parseBody(taskQuery, request.body);
      const tasks = await queryTasks(services, query);
      if (tasks.length === 0)
        throw new NotFoundError(`find task failed: no task of job ${query.job_id} matches the query`);
      return ok(tasks.map(taskRow));
    },
  },
  {
    method: 'POST',
    path: '/v1/job/list/task',
    handler: async (request, services) => {
      const query = parseBody(taskList, request.body);
      const tasks = await queryTasks(services, query);
      const page = tasks.slice((query.page - 1) * query.limit, query.page * query.limit);
      return ok({ count: tasks.length, tasks: page.map((task) => withoutPrefix(taskRow(task))) });
    },
  },
];

async function queryTasks(services: JobRoutesDeps, query: z.output<typeof taskQuery>) {
  const tasks = await services.jobs.listTasks(query.job_id, {
    ...(query.component_name === undefined ? {} : { component: query.component_name }),
    ...(query.role === undefined ? {} : { role: query.role }),
    ...(query.party_id === undefined ? {} : { partyId: query.party_id }),
  });
  return query.status === undefined
    ? tasks
    : tasks.filter((t) => t.status === query.status || t.partyStatus === query.status);
}
