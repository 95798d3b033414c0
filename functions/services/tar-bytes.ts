/** The bytes of a tar-stream stream: its iterators are typed `unknown`, and they yield Buffers. */
export async function tarBytes(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    if (!Buffer.isBuffer(chunk)) throw new TypeError('tar-stream yielded a chunk that is not a Buffer');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
