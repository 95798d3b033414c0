import {
  JobStatus as WireJobStatus,
  Role as WireRole,
  StopStatus as WireStopStatus,
  TaskStatus as WireTaskStatus,
} from '../../../proto/fateflow/federation/v1/federation_pb.js';
import type { Role } from '../../domain/job/roles.js';
import type { StopStatus } from '../../domain/ports/peer-client.js';
import type { JobStatus, TaskStatus } from '../../domain/status/statuses.js';
import { fieldError } from './wire-fields.js';

/**
 * The domain's string unions against the protobuf enums. Each table is total over the domain
 * values (the compiler checks it); the reverse direction refuses UNSPECIFIED and numbers this
 * version does not know (proto3 enums are open, so any number can arrive).
 */
class EnumMapping<D extends string, W extends number> {
  private readonly byWire: ReadonlyMap<number, D>;

  constructor(
    private readonly kind: string,
    private readonly toWireTable: Readonly<Record<D, W>>,
  ) {
    this.byWire = new Map(Object.entries<W>(toWireTable).map(([domain, wire]) => [wire, domain as D]));
  }

  toWire(field: string, value: D): W {
    const wire = Object.hasOwn(this.toWireTable, value) ? this.toWireTable[value] : undefined;
    if (wire === undefined) throw fieldError(field, `${JSON.stringify(value)} is not ${this.kind}`);
    return wire;
  }

  fromWire(field: string, value: number): D {
    if (value === 0) throw fieldError(field, 'is unspecified');
    const domain = this.byWire.get(value);
    if (domain === undefined) throw fieldError(field, `${value} is not ${this.kind}`);
    return domain;
  }
}

export const roles = new EnumMapping<Role, WireRole>('a role', {
  guest: WireRole.GUEST,
  host: WireRole.HOST,
  arbiter: WireRole.ARBITER,
  local: WireRole.LOCAL,
});

export const jobStatuses = new EnumMapping<JobStatus, WireJobStatus>('a job status', {
  waiting: WireJobStatus.WAITING,
  ready: WireJobStatus.READY,
  running: WireJobStatus.RUNNING,
  canceled: WireJobStatus.CANCELED,
  timeout: WireJobStatus.TIMEOUT,
  failed: WireJobStatus.FAILED,
  success: WireJobStatus.SUCCESS,
});

export const taskStatuses = new EnumMapping<TaskStatus, WireTaskStatus>('a task status', {
  waiting: WireTaskStatus.WAITING,
  running: WireTaskStatus.RUNNING,
  canceled: WireTaskStatus.CANCELED,
  timeout: WireTaskStatus.TIMEOUT,
  failed: WireTaskStatus.FAILED,
  pass: WireTaskStatus.PASS,
  success: WireTaskStatus.SUCCESS,
});

export const stopStatuses = new EnumMapping<StopStatus, WireStopStatus>('a stop status', {
  canceled: WireStopStatus.CANCELED,
  timeout: WireStopStatus.TIMEOUT,
  failed: WireStopStatus.FAILED,
});
