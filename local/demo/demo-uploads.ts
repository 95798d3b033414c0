import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { FlowClient } from '../../client/flow-client.js';

/** `upload-<role>.json` beside a demo job: FATE's upload conf of that role's table. */
const UPLOAD_CONF = /^upload-(guest|host|arbiter)\.json$/;

interface RolesConf {
  readonly role?: Readonly<Record<string, readonly number[]>>;
}

/**
 * Uploads the tables a demo job reads, before it is submitted: for each `upload-<role>.json` in the
 * job's folder, the conf's CSV (its `file`, relative to the conf) goes to the site of the first
 * party the runtime conf gives that role — as a user would run `flow data upload` at each party.
 */
export async function uploadDemoTables(
  jobDir: string,
  conf: RolesConf,
  clientOf: (partyId: number) => FlowClient,
  log: (line: string) => void,
): Promise<boolean> {
  for (const name of (await readdir(jobDir)).filter((file) => UPLOAD_CONF.test(file)).sort()) {
    const role = UPLOAD_CONF.exec(name)?.[1] ?? '';
    const partyId = conf.role?.[role]?.[0];
    if (partyId === undefined) continue;
    const confPath = join(jobDir, name);
    const upload = JSON.parse(await readFile(confPath, 'utf8')) as {
      file: string;
      namespace: string;
      table_name: string;
    };
    const file = resolve(dirname(confPath), upload.file);
    const answer = await clientOf(partyId).upload(
      '/v1/data/upload',
      { ...upload, drop: 1 },
      basename(file),
      await readFile(file),
    );
    if (answer.retcode !== 0) {
      log(`upload of ${upload.namespace}.${upload.table_name} at ${role} ${partyId} refused: ${answer.retmsg}`);
      return false;
    }
    log(`uploaded ${upload.namespace}.${upload.table_name} at ${role} ${partyId}`);
  }
  return true;
}
