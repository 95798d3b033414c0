/** MetricRecord / OutputRecord / SummaryRecord ⟷ items in the job's partition. */
import { isRole } from '../../domain/job/roles.js';
import type { ComponentRef, MetricRecord, OutputRecord, SummaryRecord } from '../../domain/ports/tracking-store.js';
import { ItemReader } from './item-reader.js';
import { metricItemKey, outputItemKey, summaryItemKey } from './keys.js';
import type { Item } from './operations.js';

export const METRIC_ITEM_TYPE = 'metric';
export const OUTPUT_ITEM_TYPE = 'output';
export const SUMMARY_ITEM_TYPE = 'summary';

const ref = (record: ComponentRef): ComponentRef => ({
  jobId: record.jobId,
  component: record.component,
  role: record.role,
  partyId: record.partyId,
});

function readRef(read: ItemReader): ComponentRef {
  return {
    jobId: read.string('jobId'),
    component: read.string('component'),
    role: read.oneOf('role', isRole),
    partyId: read.number('partyId'),
  };
}

export function toMetricItem(metric: MetricRecord): Item {
  return {
    ...metricItemKey(metric, metric.namespace, metric.name),
    type: METRIC_ITEM_TYPE,
    ...ref(metric),
    namespace: metric.namespace,
    name: metric.name,
    data: metric.data,
    meta: metric.meta,
  };
}

type Point = readonly [string | number, number];

function isPoints(value: unknown): value is readonly Point[] {
  return (
    Array.isArray(value) &&
    value.every(
      (point) =>
        Array.isArray(point) &&
        point.length === 2 &&
        (typeof point[0] === 'string' || typeof point[0] === 'number') &&
        typeof point[1] === 'number',
    )
  );
}

export function fromMetricItem(item: Item): MetricRecord {
  const read = new ItemReader(item, 'metric');
  return {
    ...readRef(read),
    namespace: read.string('namespace'),
    name: read.string('name'),
    data: read.shaped('data', isPoints, 'a list of [key, value] points'),
    meta: read.object('meta'),
  };
}

export function toOutputItem(output: OutputRecord): Item {
  return {
    ...outputItemKey(output, output.kind, output.name),
    type: OUTPUT_ITEM_TYPE,
    ...ref(output),
    kind: output.kind,
    name: output.name,
    location: output.location,
    meta: output.meta,
    createTime: output.createTime,
  };
}

const isKind = (value: unknown): value is OutputRecord['kind'] =>
  value === 'data' || value === 'model' || value === 'checkpoint';

export function fromOutputItem(item: Item): OutputRecord {
  const read = new ItemReader(item, 'output');
  return {
    ...readRef(read),
    kind: read.oneOf('kind', isKind),
    name: read.string('name'),
    location: read.string('location'),
    meta: read.object('meta'),
    createTime: read.number('createTime'),
  };
}

/** The summary is kept in `data`, an attribute the runner may already write (runner-writes.ts). */
export function toSummaryItem(summary: SummaryRecord): Item {
  return { ...summaryItemKey(summary), type: SUMMARY_ITEM_TYPE, ...ref(summary), data: summary.summary };
}

export function fromSummaryItem(item: Item): SummaryRecord {
  const read = new ItemReader(item, 'summary');
  return { ...readRef(read), summary: read.object('data') };
}
