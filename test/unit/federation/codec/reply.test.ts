import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from '@jest/globals';
import { ArgumentError } from '../../../../functions/domain/errors.js';
import type { PeerReply } from '../../../../functions/domain/ports/peer-client.js';
import { decodeReply, encodeReply } from '../../../../functions/federation/codec/index.js';
import { ReplySchema } from '../../../../proto/fateflow/federation/v1/federation_pb.js';

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

describe('encodeReply and decodeReply', () => {
  it.each<[string, PeerReply]>([
    [
      'a success with data',
      { retcode: 0, retmsg: 'success', data: { components: { hetero_lr_0: { need_run: true } } } },
    ],
    ['a success without data', { retcode: 0, retmsg: 'success' }],
    ['data that is null', { retcode: 0, retmsg: 'success', data: null }],
    ['data that is a list', { retcode: 0, retmsg: 'success', data: [1, 'two', false] }],
    ['a refusal', { retcode: 108, retmsg: 'party 10000 may not run component heterolr' }],
    ['a negative retcode', { retcode: -1, retmsg: '' }],
  ])('give back %s exactly', (_name, reply) => {
    expect(decodeReply(encodeReply(reply))).toStrictEqual(reply);
  });

  it('write data as JSON text and leave it unset when there is none', () => {
    expect(fromBinary(ReplySchema, encodeReply({ retcode: 0, retmsg: 'ok', data: { a: 1 } }))).toStrictEqual(
      create(ReplySchema, { retcode: 0, retmsg: 'ok', dataJson: '{"a":1}' }),
    );
    expect(fromBinary(ReplySchema, encodeReply({ retcode: 0, retmsg: 'ok' })).dataJson).toBeUndefined();
  });

  it('refuse a retcode that is not a 32-bit integer', () => {
    const error = thrown(() => encodeReply({ retcode: 2 ** 31, retmsg: 'x' }));

    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({ message: 'reply.retcode: must be a 32-bit integer, got 2147483648' });
  });

  it('refuse data that has no JSON form', () => {
    const error = thrown(() => encodeReply({ retcode: 0, retmsg: 'x', data: () => 1 }));

    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({ message: 'reply.data_json: cannot be written as JSON: function' });
  });

  it('refuse data_json that is not JSON', () => {
    const error = thrown(() =>
      decodeReply(toBinary(ReplySchema, create(ReplySchema, { retcode: 0, retmsg: 'x', dataJson: '{' }))),
    );

    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({
      message: `reply.data_json: is not valid JSON: ${parseError('{')}`,
      details: { field: 'reply.data_json' },
    });
  });

  it('refuse bytes that are not a reply', () => {
    const error = thrown(() => decodeReply(new Uint8Array([0x12, 0x09, 0x61])));

    expect(error).toBeInstanceOf(ArgumentError);
    expect(error).toMatchObject({ message: 'not a federation reply: premature EOF' });
  });
});

function parseError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error(`${text} is JSON`);
}
