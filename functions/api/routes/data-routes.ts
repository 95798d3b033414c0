import * as z from 'zod';
import { NotFoundError, ServerError } from '../../domain/errors.js';
import { isJsonObject } from '../../domain/job/deep-merge.js';
import {
  type CompleteUploadDeps,
  completeUpload,
  type PresignUploadDeps,
  presignUpload,
} from '../../services/data/presigned-upload.js';
import { type UploadTableDeps, uploadTable } from '../../services/data/upload-table.js';
import type { SiteServices } from '../../services/site-services.js';
import { nameField, parseBody } from '../request-fields.js';
import { ok, type Route } from '../route.js';

/** What these routes use: the ports they read and the use cases they call. */
export type DataRoutesDeps = Pick<SiteServices, 'objects' | 'tables'> &
  CompleteUploadDeps &
  PresignUploadDeps &
  UploadTableDeps;

const downloadRequest = z.looseObject({
  namespace: nameField('namespace'),
  table_name: nameField('table_name'),
  delimiter: z.string({ error: 'delimiter must be a string' }).min(1).max(4).optional(),
});

/**
 * FATE-Flow's `/v1/data/*` routes. Upload takes FATE's multipart request (the conf arrives as the
 * body, parsed from the query string by the HTTP layer). A file over the API's body limit goes
 * `upload/presign` (a URL to PUT it to S3) then `upload/complete` (our addition; FATE has no limit). Download differs from FATE on purpose:
 * FATE writes the file to `output_path` on the server's disk, which a serverless site has none of
 * a user can read, so the CSV comes back in the response and `flow` writes it to output_path.
 */
export const dataRoutes: Route<DataRoutesDeps>[] = [
  {
    method: 'POST',
    path: '/v1/data/upload',
    multipart: true,
    handler: async (request, services) => {
      const file = request.files.find((f) => f.field === 'file') ?? request.files[0];
      const result = await uploadTable(services, request.body, file?.content);
      return ok(result, { jobId: result.job_id });
    },
  },
  {
    method: 'POST',
    path: '/v1/data/upload/presign',
    handler: async (request, services) => ok(await presignUpload(services, request.body)),
  },
  {
    method: 'POST',
    path: '/v1/data/upload/complete',
    handler: async (request, services) => {
      const { upload_id: uploadId, ...conf } = isJsonObject(request.body) ? request.body : {};
      const result = await completeUpload(services, conf, uploadId);
      return ok(result, { jobId: result.job_id });
    },
  },
  {
    method: 'POST',
    path: '/v1/data/download',
    handler: async (request, services) => {
      const query = parseBody(downloadRequest, request.body);
      const table = await services.tables.getTable(query.namespace, query.table_name);
      if (table === undefined)
        throw new NotFoundError(`no find table: ${query.namespace}.${query.table_name} does not exist`);
      const bytes = await services.objects.get(table.location);
      if (bytes === undefined)
        throw new ServerError(`table ${table.namespace}.${table.name} has no rows at ${table.location}`);
      const text = new TextDecoder().decode(bytes);
      const delimiter = query.delimiter ?? table.idDelimiter;
      const csv = delimiter === table.idDelimiter ? text : text.split(table.idDelimiter).join(delimiter);
      return {
        kind: 'file',
        contentType: 'text/csv',
        filename: `${table.namespace}.${table.name}.csv`,
        body: new TextEncoder().encode(csv),
      };
    },
  },
];
