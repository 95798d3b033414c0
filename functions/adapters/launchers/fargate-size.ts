import { ArgumentError } from '../../domain/errors.js';

/**
 * Fargate accepts only fixed CPU/memory pairs. A task asks for FATE's `task_cores`; it gets the
 * smallest size with at least that many vCPUs, with the least memory Fargate allows for it
 * (2 GiB per vCPU, enough for our components; memory is not part of FATE's resource model):
 *
 * | cores   | cpu units | memory (MiB) |
 * |---------|-----------|--------------|
 * | 1       | 1024      | 2048         |
 * | 2       | 2048      | 4096         |
 * | 3–4     | 4096      | 8192         |
 * | 5–8     | 8192      | 16384        |
 * | 9–16    | 16384     | 32768        |
 *
 * More than 16 is refused: Fargate has no larger task.
 */
export const FARGATE_SIZES = [
  { vcpus: 1, cpu: 1024, memory: 2048 },
  { vcpus: 2, cpu: 2048, memory: 4096 },
  { vcpus: 4, cpu: 4096, memory: 8192 },
  { vcpus: 8, cpu: 8192, memory: 16384 },
  { vcpus: 16, cpu: 16384, memory: 32768 },
] as const;

export interface FargateSize {
  /** CPU units (1024 per vCPU), as RunTask's task-level override wants them. */
  readonly cpu: number;
  /** MiB. */
  readonly memory: number;
}

/** The Fargate size for a task of `cores` cores, rounding up; 0 cores (a job asking for none) gets the smallest. */
export function fargateSizeFor(cores: number): FargateSize {
  if (!Number.isFinite(cores) || cores < 0) throw new ArgumentError(`a task needs 0 or more cores, got ${cores}`);
  const size = FARGATE_SIZES.find((candidate) => candidate.vcpus >= cores);
  if (size === undefined) {
    throw new ArgumentError(`a Fargate task has at most 16 vCPUs; ${cores} cores cannot run on Fargate`);
  }
  return { cpu: size.cpu, memory: size.memory };
}
