/**
 * Collects a stream's chunks into parts of exactly `partBytes` (the last one shorter), copying each
 * byte once, so a multipart upload holds about one part in memory whatever the stream's length.
 */
export class PartBuffer {
  private chunks: Uint8Array[] = [];
  private buffered = 0;

  constructor(private readonly partBytes: number) {}

  get size(): number {
    return this.buffered;
  }

  /** At least one whole part is buffered. */
  get full(): boolean {
    return this.buffered >= this.partBytes;
  }

  add(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.byteLength;
  }

  /** The next part: `partBytes` bytes when full, otherwise everything buffered. */
  take(): Uint8Array {
    const length = Math.min(this.buffered, this.partBytes);
    const part = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const chunk = this.chunks.shift() as Uint8Array;
      const used = Math.min(chunk.byteLength, length - filled);
      part.set(chunk.subarray(0, used), filled);
      filled += used;
      if (used < chunk.byteLength) this.chunks.unshift(chunk.subarray(used));
    }
    this.buffered -= length;
    return part;
  }
}
