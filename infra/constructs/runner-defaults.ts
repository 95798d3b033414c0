import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { ContainerInsights, CpuArchitecture, OperatingSystemFamily, type RuntimePlatform } from 'aws-cdk-lib/aws-ecs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { FARGATE_SIZES } from '../../functions/adapters/launchers/fargate-size.js';

/** The runner's image is built from the repository root with this file (runner/Dockerfile says how). */
export const RUNNER_DOCKERFILE = 'runner/Dockerfile';

/**
 * Kept out of the image's build context on top of the repository's .dockerignore (an allow-list),
 * so the asset's fingerprint never walks them and a change in them never rebuilds the image.
 */
export const RUNNER_ASSET_EXCLUDE = [
  'node_modules',
  '.toolchain',
  '.git',
  'cdk.out',
  'dist',
  '.fate-flow',
  'test',
  'bench',
  'coverage',
  'infra',
] as const;

/** Graviton: ≈ 20 % cheaper per vCPU-hour than x86 on Fargate. */
export const RUNNER_PLATFORM: RuntimePlatform = {
  cpuArchitecture: CpuArchitecture.ARM64,
  operatingSystemFamily: OperatingSystemFamily.LINUX,
};
export const RUNNER_IMAGE_PLATFORM = Platform.LINUX_ARM64;

/**
 * The task definition's own size is the smallest of FARGATE_SIZES; each RunTask overrides it with
 * the size for the task's cores (fargateSizeFor), so the definition never limits a task.
 */
export const RUNNER_BASE_SIZE = FARGATE_SIZES[0];

/**
 * Off: Container Insights bills its per-task metrics as custom metrics and its performance logs
 * as log ingestion. The runner's own log group and ECS's task-state events (which the site
 * consumes) already say what each task did.
 */
export const RUNNER_CONTAINER_INSIGHTS = ContainerInsights.DISABLED;

export const RUNNER_LOG_RETENTION = RetentionDays.ONE_MONTH;
export const RUNNER_LOG_STREAM_PREFIX = 'runner';
