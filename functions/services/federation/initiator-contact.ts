import type { CommandName, FederatedMessage } from '../../domain/ports/peer-client.js';
import type { SiteServices } from '../site-services.js';

/**
 * The commands only a job's initiator sends to a party: each is a sign of life from it. (A
 * `transfer` is left out: it is the data plane's hot path, and the initiator's detector pings
 * every party of a running job each sweep anyway.)
 */
const FROM_INITIATOR: ReadonlySet<CommandName> = new Set<CommandName>([
  'job.resource.apply',
  'job.resource.return',
  'job.start',
  'job.status',
  'job.stop',
  'job.clean',
  'task.start',
  'task.stop',
]);

/**
 * How close together two recorded contacts may be. Well below the detector's limit (10 min), so
 * the stored time lagging by up to this much changes nothing, and far above the pace of an
 * initiator's messages during a stage, so most of them write nothing.
 */
export const INITIATOR_CONTACT_RESOLUTION_MS = 10_000;

export type NoteInitiatorContactDeps = Pick<SiteServices, 'background' | 'clock' | 'jobs' | 'site'>;

/**
 * Records that a peer initiator's message, accepted, reached the job's record here
 * (`initiatorSeenAt`): the detector ends a job whose initiator has gone silent. Not awaited by the
 * command's answer — a lost stamp only makes the detector see the silence a message earlier.
 */
export function noteInitiatorContact(services: NoteInitiatorContactDeps, message: FederatedMessage): void {
  if (message.src.partyId === services.site.partyId || !FROM_INITIATOR.has(message.command)) return;
  const key = { jobId: message.jobId, role: message.dest.role, partyId: services.site.partyId };
  services.background.track(
    services.jobs.recordInitiatorContact(key, message.src, services.clock(), INITIATOR_CONTACT_RESOLUTION_MS),
  );
}
