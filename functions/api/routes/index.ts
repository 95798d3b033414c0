import type { SiteServices } from '../../services/site-services.js';
import type { Route } from '../route.js';
import { dataRoutes } from './data-routes.js';
import { federationRoutes } from './federation-routes.js';
import { jobRoutes } from './job-routes.js';
import { permissionRoutes } from './permission-routes.js';
import { siteRoutes } from './site-routes.js';
import { tableRoutes } from './table-routes.js';
import { trackingRoutes } from './tracking-routes.js';

/** Every FATE-Flow v1 route a site serves to its users. */
export const userApiRoutes: readonly Route<SiteServices>[] = [
  ...jobRoutes,
  ...dataRoutes,
  ...tableRoutes,
  ...trackingRoutes,
  ...permissionRoutes,
  ...siteRoutes,
  ...federationRoutes,
];
