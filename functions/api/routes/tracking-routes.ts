import * as z from 'zod';
import { NotFoundError } from '../../domain/errors.js';
import type { ComponentRef } from '../../domain/ports/tracking-store.js';
import type { SiteServices } from '../../services/site-services.js';
import {
  type ComponentOutputDataDeps,
  type ComponentOutputModelDeps,
  componentOutputData,
  componentOutputModel,
  type OutputDataArchiveDeps,
  outputDataArchive,
} from '../../services/tracking/component-outputs.js';
import {
  componentNameField,
  jobIdField,
  metricNameField,
  parseBody,
  partyIdField,
  roleField,
} from '../request-fields.js';
import { ok, type Route } from '../route.js';
import { jsonAnswer } from './json-file-answer.js';

/** What these routes use: the ports they read and the use cases they call. */
export type TrackingRoutesDeps = Pick<SiteServices, 'tracking'> &
  ComponentOutputDataDeps &
  ComponentOutputModelDeps &
  OutputDataArchiveDeps;

const componentRequest = z.looseObject({
  job_id: jobIdField,
  role: roleField,
  party_id: partyIdField,
  component_name: componentNameField,
});

const metricRequest = componentRequest.extend({
  metric_namespace: metricNameField('metric_namespace'),
  metric_name: metricNameField('metric_name'),
});

/** FATE's client names the file it writes (`get-summary -o`); the route then answers the summary as that file. */
const summaryRequest = componentRequest.extend({
  filename: z.string({ error: 'filename must be a string' }).optional(),
});

const limitField = z.number({ error: 'limit must be an integer (-1 for all rows)' }).int().min(-1);

function refOf(request: z.output<typeof componentRequest>): ComponentRef {
  return { jobId: request.job_id, component: request.component_name, role: request.role, partyId: request.party_id };
}

/** FATE-Flow's `/v1/tracking/*` routes: a component's metrics and outputs at one party. */
export const trackingRoutes: Route<TrackingRoutesDeps>[] = [
  {
    method: 'POST',
    path: '/v1/tracking/component/metrics',
    handler: async (request, services) => {
      const metrics = await services.tracking.listMetrics(refOf(parseBody(componentRequest, request.body)));
      if (metrics.length === 0) return ok({}, { retmsg: 'no data' });
      const byNamespace = Map.groupBy(metrics, (m) => m.namespace);
      return ok(Object.fromEntries([...byNamespace].map(([ns, list]) => [ns, list.map((m) => m.name)])));
    },
  },
  {
    method: 'POST',
    path: '/v1/tracking/component/metric/all',
    handler: async (request, services) => {
      const metrics = await services.tracking.listMetrics(refOf(parseBody(componentRequest, request.body)));
      if (metrics.length === 0) return ok({}, { retmsg: 'no data' });
      const byNamespace = Map.groupBy(metrics, (m) => m.namespace);
      return ok(
        Object.fromEntries(
          [...byNamespace].map(([ns, list]) => [
            ns,
            Object.fromEntries(list.map((m) => [m.name, { data: m.data, meta: m.meta }])),
          ]),
        ),
      );
    },
  },
  {
    method: 'POST',
    path: '/v1/tracking/component/metric_data',
    handler: async (request, services) => {
      const query = parseBody(metricRequest, request.body);
      const metric = await services.tracking.getMetric(refOf(query), query.metric_namespace, query.metric_name);
      if (metric === undefined) {
        throw new NotFoundError(`no metric ${query.metric_namespace}.${query.metric_name} for ${query.component_name}`);
      }
      // FATE puts the series' meta beside data, at the top of the envelope.
      return { kind: 'envelope', envelope: { retcode: 0, retmsg: 'success', data: metric.data, meta: metric.meta } };
    },
  },
  {
    method: 'POST',
    path: '/v1/tracking/component/summary/download',
    handler: async (request, services) => {
      const query = parseBody(summaryRequest, request.body);
      const record = await services.tracking.getSummary(refOf(query));
      // FATE-Flow answers an empty summary as none too.
      if (record === undefined || Object.keys(record.summary).length === 0) {
        throw new NotFoundError(
          `no summary of component ${query.component_name} at ${query.role} ${query.party_id} in job ${query.job_id}`,
        );
      }
      return jsonAnswer({ ...record.summary }, query.filename);
    },
  },
  {
    method: 'POST',
    path: '/v1/tracking/component/output/model',
    handler: async (request, services) => {
      const { data, meta } = await componentOutputModel(services, refOf(parseBody(componentRequest, request.body)));
      return { kind: 'envelope', envelope: { retcode: 0, retmsg: 'success', data, meta } };
    },
  },
  {
    method: 'POST',
    path: '/v1/tracking/component/output/data',
    handler: async (request, services) => {
      const query = parseBody(componentRequest.extend({ limit: limitField.default(100) }), request.body);
      const { data, meta } = await componentOutputData(services, refOf(query), query.limit);
      return { kind: 'envelope', envelope: { retcode: 0, retmsg: 'success', data, meta } };
    },
  },
  {
    method: 'GET',
    path: '/v1/tracking/component/output/data/download',
    handler: async (request, services) => {
      const query = parseBody(componentRequest.extend({ limit: limitField.default(-1) }), request.body);
      const body = await outputDataArchive(services, refOf(query), query.limit);
      return {
        kind: 'file',
        contentType: 'application/x-tar',
        filename: `job_${query.job_id}_${query.component_name}_${query.role}_${query.party_id}_output_data.tar.gz`,
        body,
      };
    },
  },
];
