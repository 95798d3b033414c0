import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { EventBus } from '../../functions/domain/ports/event-bus.js';
import type { ObjectStore } from '../../functions/domain/ports/object-store.js';
import type { SigningKeyStore } from '../../functions/domain/ports/signing-key-store.js';
import type { StepHandlers } from '../../functions/steps/step-contract.js';
import { meterIndexWrites } from './dynalite-index-writes.js';
import { meterDynamoClient } from './dynamodb-capacity.js';
import {
  copyCounts,
  type DynamoCounts,
  emptyCounts,
  type LambdaFunction,
  type MeterCounts,
  type ObjectCounts,
} from './meter-counts.js';

/** What a task runner process counts of its own requests (runner-metering.ts writes it at exit). */
export interface RunnerCounts {
  readonly dynamodb: DynamoCounts;
  readonly objects: ObjectCounts;
}

function addInto<T extends object>(target: T, more: T): void {
  const sums = target as Record<string, number>;
  for (const [key, value] of Object.entries(more)) sums[key] = (sums[key] ?? 0) + Number(value);
}

/**
 * One site's meter (opt-in: `startLocalSite({ meter })`). The local runtime's edges report to it
 * what the same operation costs in AWS: each is counted where the local runtime performs it, so
 * the counts are of real operations. `snapshot()` reads them; `diffCounts` makes per-job figures.
 */
export class SiteMeter {
  private readonly counts: MeterCounts = emptyCounts();
  /** The function whose run the current async work belongs to (one process plays them all). */
  private readonly running = new AsyncLocalStorage<LambdaFunction>();

  snapshot(): MeterCounts {
    return copyCounts(this.counts);
  }

  /** One Lambda invocation and its run: the handler's wall-clock time is the duration proxy. */
  async invoke<T>(fn: LambdaFunction, run: () => Promise<T>): Promise<T> {
    this.requested(fn);
    return this.timed(fn, run);
  }

  /** An invocation AWS would make (an event matched a rule, a schedule ticked). */
  requested(fn: LambdaFunction): void {
    this.counts.lambda[fn].requests += 1;
  }

  /** A run of the handler, however many invocations it serves. */
  async timed<T>(fn: LambdaFunction, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await this.running.run(fn, run);
    } finally {
      this.counts.lambda[fn].runs += 1;
      this.counts.lambda[fn].ms += performance.now() - started;
    }
  }

  /**
   * A message to a role this same site plays: in AWS every function but `federation` hands it to
   * the federation function by a direct invocation (functions/adapters/peers/invoked-federation-receiver.ts),
   * which the federation function itself receives in-process.
   */
  async loopback<T>(run: () => Promise<T>): Promise<T> {
    return this.running.getStore() === 'federation' ? run() : this.invoke('federation', run);
  }

  /** An API Gateway route integrated with a Lambda: one request and one invocation per call. */
  httpHandler<R>(
    fn: 'api' | 'federation',
    handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<R> | R,
  ): (event: APIGatewayProxyEventV2, context: Context) => Promise<R> {
    return (event, context) => {
      if (fn === 'api') this.counts.apiRequests += 1;
      else this.counts.federationRequests += 1;
      return this.invoke(fn, async () => handler(event, context));
    };
  }

  /** The workflow's four Lambda-backed Task states: one invocation per call (retries call again). */
  stepHandlers(steps: StepHandlers): StepHandlers {
    return {
      loadPlan: (input) => this.invoke('loadPlan', () => steps.loadPlan(input)),
      runComponent: (input) => this.invoke('runComponent', () => steps.runComponent(input)),
      finishJob: (input) => this.invoke('finishJob', () => steps.finishJob(input)),
      failJob: (input) => this.invoke('failJob', () => steps.failJob(input)),
    };
  }

  stateTransitions(count: number): void {
    this.counts.stateTransitions += count;
  }

  /** Meters a DynamoDB client of the site's Lambda code. */
  dynamoClient(client: DynamoDBClient): void {
    meterDynamoClient(client, this.counts.dynamodb);
  }

  /** Meters the index writes of the dynalite server to be started with these options. */
  dynaliteServer(serverOptions: object): void {
    meterIndexWrites(serverOptions, (units) => {
      this.counts.indexWcu += units;
    });
  }

  eventBus(bus: EventBus): EventBus {
    return {
      publish: (events) => {
        for (const event of events) this.counts.events[event.type] = (this.counts.events[event.type] ?? 0) + 1;
        return bus.publish(events);
      },
    };
  }

  objectStore(store: ObjectStore): ObjectStore {
    return meteredObjectStore(store, this.counts.objects);
  }

  signingKeys(store: SigningKeyStore): SigningKeyStore {
    return {
      secretKeys: () => {
        this.counts.secretReads += 1;
        return store.secretKeys();
      },
      addKey: (key) => store.addKey(key),
      removeKey: (id) => store.removeKey(id),
    };
  }

  /** A task runner ended: its lifetime, and what its process counted (added to runnerDynamodb, runnerObjects). */
  taskEnded(cores: number, seconds: number, runner: RunnerCounts | undefined): void {
    // In place: the metered clients and stores hold these very objects.
    if (runner !== undefined) {
      addInto(this.counts.runnerDynamodb, runner.dynamodb);
      addInto(this.counts.runnerObjects, runner.objects);
    }
    this.counts.tasks.push({ cores, seconds });
  }
}

/** Counts S3-class requests at the ObjectStore port; presigned uploads go straight to S3 and are not counted. */
export function meteredObjectStore(store: ObjectStore, counts: ObjectCounts): ObjectStore {
  return {
    put: (key, body, contentType) => {
      counts.puts += 1;
      return store.put(key, body, contentType);
    },
    get: (key) => {
      counts.gets += 1;
      return store.get(key);
    },
    // S3 bills a multipart upload per part; the meter counts whole objects, as for put.
    putStream: (key, body, contentType) => {
      counts.puts += 1;
      return store.putStream(key, body, contentType);
    },
    getStream: (key) => {
      counts.gets += 1;
      return store.getStream(key);
    },
    delete: (key) => {
      counts.deletes += 1;
      return store.delete(key);
    },
    presignPut: (key, expires) => store.presignPut(key, expires),
  };
}
