import type { ApiDeps } from '../../services/entry-deps.js';
import type { Route } from '../route.js';
import { checkpointRoutes } from './checkpoint-routes.js';
import { componentInfoRoutes } from './component-info-routes.js';
import { dataRoutes } from './data-routes.js';
import { federationRoutes } from './federation-routes.js';
import { jobAdminRoutes } from './job-admin-routes.js';
import { jobDslRoutes } from './job-dsl-routes.js';
import { jobRoutes } from './job-routes.js';
import { modelRoutes } from './model-routes.js';
import { permissionRoutes } from './permission-routes.js';
import { siteRoutes } from './site-routes.js';
import { siteViewRoutes } from './site-view-routes.js';
import { tableRoutes } from './table-routes.js';
import { trackingRoutes } from './tracking-routes.js';

/**
 * Every FATE-Flow v1 route a site serves to its users. Typed with the API entry's deps, so the
 * compiler proves ApiDeps covers what each route table declares.
 */
export const userApiRoutes: readonly Route<ApiDeps>[] = [
  ...jobRoutes,
  ...jobAdminRoutes,
  ...jobDslRoutes,
  ...dataRoutes,
  ...tableRoutes,
  ...trackingRoutes,
  ...componentInfoRoutes,
  ...modelRoutes,
  ...checkpointRoutes,
  ...permissionRoutes,
  ...siteRoutes,
  ...siteViewRoutes,
  ...federationRoutes,
];
