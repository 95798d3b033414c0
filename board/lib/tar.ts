/** A file of a tar archive, its bytes as UTF-8 text (the job log archive holds only text). */
export interface TarFile {
  readonly name: string;
  readonly text: string;
}

const BLOCK = 512;

/**
 * The regular files of a ustar archive, as FATE's `/v1/job/log/download` sends them once gunzipped
 * (the browser's DecompressionStream does that part). Reads the name (with the ustar prefix), the
 * octal size and the type flag of each header; stops at the first empty block, as tar does.
 */
export function readTar(bytes: Uint8Array): TarFile[] {
  const files: TarFile[] = [];
  const decoder = new TextDecoder();
  let at = 0;
  while (at + BLOCK <= bytes.length) {
    const header = bytes.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) => {
      const raw = header.subarray(start, start + length);
      const end = raw.indexOf(0);
      return decoder.decode(end === -1 ? raw : raw.subarray(0, end));
    };
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) throw new Error(`tar: a bad size in the header at byte ${at}`);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = prefix === '' ? field(0, 100) : `${prefix}/${field(0, 100)}`;
    const body = at + BLOCK;
    if (body + size > bytes.length) throw new Error(`tar: ${name} is cut short`);
    if (type === '0' || type === '') files.push({ name, text: decoder.decode(bytes.subarray(body, body + size)) });
    at = body + Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}

/**
 * The lines of one party's component log from the archive: `<role>/<party>/<component>/INFO.log`
 * (INFO and above; DEBUG.log repeats them with the debug lines).
 */
export function componentLog(files: readonly TarFile[], role: string, partyId: string, component: string): string[] {
  const file = files.find((f) => f.name === `${role}/${partyId}/${component}/INFO.log`);
  return file === undefined ? [] : file.text.split('\n').filter((line) => line !== '');
}
