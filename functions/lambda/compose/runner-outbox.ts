import type { EventBus } from '../../domain/ports/event-bus.js';
import type { PartyStore } from '../../domain/ports/party-store.js';
import type { SiteEnvConfig } from '../read-site-env.js';
import { eventBusOf, storesOf } from './builders.js';

/** What the runners' outbox uses: the registry (a peer's endpoint) and the bus (TaskEnded). No key. */
export interface RunnerOutboxPorts {
  readonly partyId: number;
  readonly parties: Pick<PartyStore, 'getParty'>;
  readonly events: EventBus;
}

export function composeRunnerOutbox(config: SiteEnvConfig, clock: () => number = Date.now): RunnerOutboxPorts {
  return { partyId: config.partyId, parties: storesOf(config, clock).parties, events: eventBusOf(config) };
}
