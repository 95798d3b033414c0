import { join } from 'node:path';
import type { EventBus } from '../../functions/domain/ports/event-bus.js';
import type { ObjectStore } from '../../functions/domain/ports/object-store.js';
import type { FederationReceiver } from '../../functions/domain/ports/peer-client.js';
import type { SigningKeyStore } from '../../functions/domain/ports/signing-key-store.js';
import type { StepHandlers } from '../../functions/steps/step-contract.js';
import type { LambdaHttpHandler } from '../http/api-gateway-server.js';
import { type RunnerInstrumentation, runnerInstrumentation } from '../metering/runner-metering.js';
import type { SiteMeter } from '../metering/site-meter.js';

/**
 * Every place a local site is metered (local/metering, docs/cost.md), in one place: each wrapper
 * counts what the same operation costs in AWS. Without a meter each gives back what it is given.
 */
export interface LocalSiteMetering {
  /** What counts for itself: dynalite's requests and index writes, the scheduler's and detector's runs. */
  readonly meter: SiteMeter | undefined;
  signingKeys(store: SigningKeyStore): SigningKeyStore;
  objects(store: ObjectStore): ObjectStore;
  events(bus: EventBus): EventBus;
  /** The workflow's Lambda-backed Task states. */
  steps(steps: StepHandlers): StepHandlers;
  /** The API Gateway routes in front of the user API and the federation endpoint. */
  http(fn: 'api' | 'federation', handler: LambdaHttpHandler): LambdaHttpHandler;
  /** This site's receiver as a message to itself reaches it (in AWS, an invocation of `federation`). */
  loopback(receiver: FederationReceiver): FederationReceiver;
  /** A task's exit: in AWS the ECS task-state-change (STOPPED) rule invokes a Lambda. */
  taskExit(handle: () => Promise<void>): Promise<void>;
  readonly onStateTransitions?: (count: number) => void;
  readonly runners?: RunnerInstrumentation;
}

export function meterLocalSite(meter: SiteMeter | undefined, dataDir: string): LocalSiteMetering {
  if (meter === undefined) {
    return {
      meter,
      signingKeys: (store) => store,
      objects: (store) => store,
      events: (bus) => bus,
      steps: (steps) => steps,
      http: (_fn, handler) => handler,
      loopback: (receiver) => receiver,
      taskExit: (handle) => handle(),
    };
  }
  return {
    meter,
    signingKeys: (store) => meter.signingKeys(store),
    objects: (store) => meter.objectStore(store),
    events: (bus) => meter.eventBus(bus),
    steps: (steps) => meter.stepHandlers(steps),
    http: (fn, handler) => meter.httpHandler(fn, handler),
    loopback: (receiver) => ({
      admit: (message) => receiver.admit(message),
      receive: (message) => meter.loopback(() => receiver.receive(message)),
    }),
    taskExit: (handle) => meter.invoke('taskExits', handle),
    onStateTransitions: (count) => meter.stateTransitions(count),
    runners: runnerInstrumentation(meter, join(dataDir, 'meter')),
  };
}
