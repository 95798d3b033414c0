/** The detector's sweep (an EventBridge schedule): dead tasks, timed-out jobs, lost reports, leaked resources. */
import { detect } from '../services/detector/detect.js';
import { composeDetector } from './compose/detector.js';
import { containerSite } from './shared-site.js';
import { siteHandler } from './site-handler.js';

export const handler = siteHandler(
  'fate-flow-detector',
  containerSite(composeDetector),
  async (ports, _event: unknown, logger) => {
    const pass = await detect(ports);
    if (Object.values(pass).some((count) => count > 0)) logger.info('detector pass', { ...pass });
    return pass;
  },
);
