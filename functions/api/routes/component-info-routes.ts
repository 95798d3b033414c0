import * as z from 'zod';
import { NotFoundError, OperatingError } from '../../domain/errors.js';
import type { SiteServices } from '../../services/site-services.js';
import { localTasksOf, outputTableOf } from '../../services/tracking/data-view.js';
import { componentNameField, jobIdField, parseBody, partyIdField, roleField } from '../request-fields.js';
import { ok, type Route } from '../route.js';

/** What these routes use: the ports they read and the use cases they call. */
export type ComponentInfoRoutesDeps = Pick<SiteServices, 'jobs' | 'site' | 'tracking'>;

const componentRequest = z.looseObject({
  job_id: jobIdField,
  role: roleField,
  party_id: partyIdField,
  component_name: componentNameField,
});

/** FATE-Flow's `/v1/tracking/component/*` routes about a job's components themselves: names, parameters, output tables. */
export const componentInfoRoutes: Route<ComponentInfoRoutesDeps>[] = [
  {
    method: 'POST',
    path: '/v1/tracking/component/list',
    handler: async (request, services) => {
      const { job_id: jobId } = parseBody(z.looseObject({ job_id: jobIdField }), request.body);
      const [record] = await services.jobs.getJobRecords(jobId);
      if (record === undefined) {
        throw new OperatingError(`No job matched, please make sure the job id is valid: no job ${jobId} here`);
      }
      const components = record.dsl.components;
      return ok({ components: typeof components === 'object' && components !== null ? Object.keys(components) : [] });
    },
  },
  {
    method: 'POST',
    path: '/v1/tracking/component/parameters',
    handler: async (request, services) => {
      const query = parseBody(componentRequest, request.body);
      const [task] = await services.jobs.listTasks(query.job_id, {
        latestOnly: true,
        component: query.component_name,
        role: query.role,
        partyId: query.party_id,
      });
      if (task === undefined) {
        throw new NotFoundError(
          `can not found this task: ${query.component_name} of job ${query.job_id} at ${query.role} ${query.party_id}`,
        );
      }
      // FATE answers the module and each `…Param` it keeps: one, the merged ComponentParam.
      return ok({ module: task.module, ComponentParam: task.parameters });
    },
  },
  {
    method: 'POST',
    path: '/v1/tracking/component/output/data/table',
    handler: async (request, services) => {
      const query = parseBody(componentRequest, request.body);
      if (query.party_id !== services.site.partyId) {
        throw new OperatingError(
          `party_id: this site is party ${services.site.partyId}; ask party ${query.party_id}'s site for its tables`,
        );
      }
      const selection = { role: query.role, partyId: query.party_id, component: query.component_name };
      const [task] = await localTasksOf(services, query.job_id, selection);
      const outputs =
        task === undefined
          ? []
          : await services.tracking.listOutputs(
              { jobId: query.job_id, component: task.component, role: task.role, partyId: task.partyId },
              'data',
            );
      if (outputs.length === 0) {
        throw new OperatingError('No found table, please check if the parameters are correct');
      }
      return ok(
        outputs.map((output) => {
          const table = outputTableOf(output);
          return { table_name: table.name, table_namespace: table.namespace, data_name: output.name };
        }),
      );
    },
  },
];
