/**
 * The board's static assets, built into a folder: what each local site serves under `/board/` and
 * what the AWS stack uploads to the board's bucket (infra/constructs/board-assets.ts runs this by
 * path at synth). The board branch owns this function; this is its seam until that branch lands:
 * the one page it writes says where the board's pages come from.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>FATE-Flow board</title></head>
<body><main><h1>FATE-Flow board</h1><p>The board's pages are built by board/build.ts.</p></main></body>
</html>
`;

/** Writes the board's assets (index.html and what it loads) into outDir, creating it. */
export async function buildBoardAssets(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'index.html'), PAGE);
}
