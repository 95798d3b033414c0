/** The detector's sweep (an EventBridge schedule): dead tasks, timed-out jobs, lost reports, leaked resources. */
import { detect } from '../services/detector/detect.js';
import { siteHandler } from './site-handler.js';

export const handler = siteHandler('fate-flow-detector', async (site, _event: unknown, logger) => {
  const pass = await detect(site.services);
  if (Object.values(pass).some((count) => count > 0)) logger.info('detector pass', { ...pass });
  return pass;
});
