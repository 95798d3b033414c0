import * as z from 'zod';
import { NotFoundError } from '../../domain/errors.js';
import type { TableRecord } from '../../domain/ports/table-store.js';
import { type BindTableDeps, bindTable } from '../../services/data/bind-table.js';
import type { SiteServices } from '../../services/site-services.js';
import { jobIdField, nameField, parseBody } from '../request-fields.js';
import { ok, type Route } from '../route.js';

/** What these routes use: the ports they read and the use cases they call. */
export type TableRoutesDeps = Pick<SiteServices, 'objects' | 'tables'> & BindTableDeps;

const tableRequest = z.looseObject({ namespace: nameField('namespace'), table_name: nameField('table_name') });

/** `flow table info` output: FATE's keys, `exist: 1`. */
export function tableInfo(table: TableRecord): Record<string, unknown> {
  return {
    exist: 1,
    namespace: table.namespace,
    table_name: table.name,
    count: table.count,
    partition: table.partitions,
    schema: {
      header: table.schema.header,
      sid: table.schema.sid,
      ...(table.schema.meta ? { meta: table.schema.meta } : {}),
    },
    address: { storage_engine: table.engine, path: table.location },
    enable: table.enable,
    origin: table.origin,
    extend_sid: table.extendSid,
    id_delimiter: table.idDelimiter,
    job_id: table.jobId,
    create_time: table.createTime,
  };
}

/** FATE-Flow's `/v1/table/*` routes. */
export const tableRoutes: Route<TableRoutesDeps>[] = [
  {
    method: 'POST',
    path: '/v1/table/table_info',
    handler: async (request, services) => {
      const { namespace, table_name: name } = parseBody(tableRequest, request.body);
      const table = await services.tables.getTable(namespace, name);
      return ok(table ? tableInfo(table) : { exist: 0, namespace, table_name: name });
    },
  },
  {
    method: 'POST',
    path: '/v1/table/delete',
    handler: async (request, services) => {
      const { namespace, table_name: name } = parseBody(tableRequest, request.body);
      const table = await services.tables.deleteTable(namespace, name);
      if (table === undefined) throw new NotFoundError(`no find table: ${namespace}.${name} does not exist`);
      await services.objects.delete(table.location);
      return ok({ namespace, table_name: name });
    },
  },
  {
    method: 'POST',
    path: '/v1/table/list',
    handler: async (request, services) => {
      const { job_id: jobId } = parseBody(z.looseObject({ job_id: jobIdField }), request.body);
      const tables = await services.tables.listTablesOfJob(jobId);
      return ok(tables.map((t) => ({ namespace: t.namespace, table_name: t.name, count: t.count, origin: t.origin })));
    },
  },
  // FATE serves one handler at both paths.
  ...['/v1/table/bind', '/v1/table/add'].map(
    (path): Route<TableRoutesDeps> => ({
      method: 'POST',
      path,
      handler: async (request, services) => ok(await bindTable(services, request.body)),
    }),
  ),
  ...(['disable', 'enable'] as const).map(
    (verb): Route<TableRoutesDeps> => ({
      method: 'POST',
      path: `/v1/table/${verb}`,
      handler: async (request, services) => {
        const { namespace, table_name: name } = parseBody(tableRequest, request.body);
        const table = await services.tables.setTableEnabled(namespace, name, verb === 'enable');
        if (table === undefined) throw new NotFoundError(`no find table: ${namespace}.${name} does not exist`);
        return ok([{ table_name: name, namespace }]);
      },
    }),
  ),
];
