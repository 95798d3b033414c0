import { connect } from 'node:net';

/**
 * Writes raw request bytes to 127.0.0.1:port and returns the raw response bytes (one
 * Content-Length-framed response), for comparing two answers byte for byte. The Date header, the
 * only part that changes with the second, is blanked.
 */
export function rawExchange(port: number, request: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const headerEnd = received.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const head = received.subarray(0, headerEnd).toString('latin1');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (received.length < headerEnd + 4 + length) return;
      socket.destroy();
      const blanked = head.replace(/\r\ndate: [^\r]*/i, '\r\nDate: -');
      resolve(Buffer.concat([Buffer.from(`${blanked}\r\n\r\n`, 'latin1'), received.subarray(headerEnd + 4)]));
    });
    socket.on('error', reject);
    socket.on('end', () => reject(new Error(`connection closed after ${received.length} bytes`)));
    socket.write(request);
  });
}
