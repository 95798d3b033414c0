import * as z from 'zod';
import { ArgumentError } from '../../domain/errors.js';
import { MAX_GRANTS_PER_REQUEST, MAX_NAME_LENGTH } from '../../domain/limits.js';
import type { Grant } from '../../domain/ports/permission-store.js';
import type { SiteServices } from '../../services/site-services.js';
import { nameField, parseBody, partyIdField } from '../request-fields.js';
import { ok, type Route } from '../route.js';

/** What these routes use: the ports they read and the use cases they call. */
export type PermissionRoutesDeps = Pick<SiteServices, 'permissions'>;

/**
 * FATE's grant body: `component` is "reader,dataio", "*" or a list; `dataset` a list of
 * {namespace, name}. Component names are stored lower-case, as FATE compares them.
 */
const grantRequest = z
  .looseObject({
    party_id: partyIdField,
    component: z
      .union([z.string(), z.array(z.string())], { error: 'component must be "a,b", "*" or a list of module names' })
      .optional(),
    dataset: z
      .array(z.looseObject({ namespace: nameField('dataset namespace'), name: nameField('dataset name') }), {
        error: 'dataset must be a list of {"namespace", "name"}',
      })
      .optional(),
  })
  .refine((r) => r.component !== undefined || r.dataset !== undefined, {
    error: 'give component and/or dataset to grant',
  });

/** The grants a request names, each one item: refused over the per-request limit or with a too long module name. */
function grantsOf(request: z.output<typeof grantRequest>): Grant[] {
  const components = typeof request.component === 'string' ? request.component.split(',') : (request.component ?? []);
  const grants = [
    ...components
      .map((c) => c.trim().toLowerCase())
      .filter((c) => c !== '')
      .map((component): Grant => ({ partyId: request.party_id, type: 'component', component })),
    ...(request.dataset ?? []).map(
      (d): Grant => ({ partyId: request.party_id, type: 'dataset', namespace: d.namespace, name: d.name }),
    ),
  ];
  if (grants.length > MAX_GRANTS_PER_REQUEST) {
    throw new ArgumentError(
      `request: ${grants.length} grants (components and datasets), over the limit of ${MAX_GRANTS_PER_REQUEST} per request`,
      { details: { field: 'request', limit: MAX_GRANTS_PER_REQUEST } },
    );
  }
  const long = grants.find((g) => g.type === 'component' && g.component.length > MAX_NAME_LENGTH);
  if (long !== undefined) {
    throw new ArgumentError(`request.component: a module name may be at most ${MAX_NAME_LENGTH} characters`, {
      details: { field: 'request.component' },
    });
  }
  return grants;
}

/** FATE-Flow's `/v1/permission/*` routes: what other parties may run and read here. */
export const permissionRoutes: Route<PermissionRoutesDeps>[] = [
  {
    method: 'POST',
    path: '/v1/permission/grant',
    handler: async (request, services) => {
      const grants = grantsOf(parseBody(grantRequest, request.body));
      await services.permissions.grant(grants);
      return ok();
    },
  },
  {
    method: 'POST',
    path: '/v1/permission/delete',
    handler: async (request, services) => {
      const removed = await services.permissions.revoke(grantsOf(parseBody(grantRequest, request.body)));
      return ok({ deleted: removed });
    },
  },
  {
    method: 'POST',
    path: '/v1/permission/query',
    handler: async (request, services) => {
      const { party_id: partyId } = parseBody(z.looseObject({ party_id: partyIdField }), request.body);
      const grants = await services.permissions.listGrants(partyId);
      return ok({
        component: grants.flatMap((g) => (g.type === 'component' ? [g.component] : [])).sort(),
        dataset: grants.flatMap((g) => (g.type === 'dataset' ? [{ namespace: g.namespace, name: g.name }] : [])),
      });
    },
  },
];
