import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DockerImage } from 'aws-cdk-lib';
import { type ISource, Source } from 'aws-cdk-lib/aws-s3-deployment';

/** The board's sources, and the script that bundles them into static assets (what local sites serve too). */
export const BOARD_FOLDER = 'board';
export const BOARD_BUILD_FILE = 'scripts/bundle-board.mjs';

/**
 * The board's static assets as a deployment source, built at synth by the board's own build
 * (scripts/bundle-board.mjs, the bundle a local site serves), run by path in a child process as the Lambdas' esbuild
 * runs: the CDK app never imports the board. Like the functions' bundles, it is skipped when the
 * synth skips bundling (the infra tests), and rebuilt only when board/ changes (the asset's hash).
 */
export function boardAssets(projectRoot: string): ISource {
  return Source.asset(join(projectRoot, BOARD_FOLDER), {
    bundling: {
      // Required by the type, never pulled: the local build below either succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
      local: {
        tryBundle(outputDir) {
          buildBoard(projectRoot, outputDir);
          return true;
        },
      },
    },
  });
}

/** Runs scripts/bundle-board.mjs into outDir (plain Node: the script is JavaScript). */
export function buildBoard(projectRoot: string, outDir: string): void {
  const result = spawnSync(process.execPath, [join(projectRoot, BOARD_BUILD_FILE), outDir], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`building the board's assets failed:\n${result.stderr}`);
}
