import { describe, expect, it } from '@jest/globals';
import { fateClientSignature, fateUploadBody, pythonJsonDumps, requoteUri } from './support/fate-client.js';

// The wire tests are only as good as this imitation of the Python client, so it is checked
// against output of Python itself (requests 2.34, json, hmac).
describe('the imitation of the flow client', () => {
  const conf = {
    file: 'examples/data/breast_hetero_guest.csv',
    id_delimiter: ',',
    head: 1,
    partition: 4,
    namespace: 'experiment',
    table_name: 'breast_hetero_guest',
    conf_path: 'upload_conf.json',
    verbose: 0,
    drop: 1,
  };

  it('writes JSON as json.dumps does', () => {
    expect(
      pythonJsonDumps({ job_id: 'j', party_id: '9999', limit: -1, roles: ['guest', 'host'], ok: true, ré: null }),
    ).toBe(
      '{"job_id": "j", "party_id": "9999", "limit": -1, "roles": ["guest", "host"], "ok": true, "r\\u00e9": null}',
    );
  });

  it('builds the upload URL as requests does from params=json.dumps(conf)', () => {
    expect(`/v1/data/upload?${requoteUri(pythonJsonDumps(conf))}`).toBe(
      '/v1/data/upload?%7B%22file%22:%20%22examples/data/breast_hetero_guest.csv%22,%20%22id_delimiter%22:%20%22,%22,' +
        '%20%22head%22:%201,%20%22partition%22:%204,%20%22namespace%22:%20%22experiment%22,%20%22table_name%22:' +
        '%20%22breast_hetero_guest%22,%20%22conf_path%22:%20%22upload_conf.json%22,%20%22verbose%22:%200,%20%22drop%22:%201%7D',
    );
  });

  it('signs as access_server does', () => {
    const signer = {
      appKey: 'app-key-1',
      secretKey: 'secret-key-1',
      timestamp: '1764258000000',
      nonce: 'a8b8b5a2-cbb1-11f0-8de9-0242ac120002',
    };
    const body = pythonJsonDumps({ job_id: '202611271544180123450', role: 'guest', party_id: '9999' });
    expect(fateClientSignature(signer, '/v1/job/query', body)).toBe('DQulLGR7vC3XxmygVwPAitNRg1Y=');
    const upload = `/v1/data/upload?${requoteUri(pythonJsonDumps(conf))}`;
    expect(fateClientSignature(signer, upload, undefined)).toBe('l/uC1rAk3ztMGY/mfLOXV//RlDE=');
  });

  it('writes the multipart body as requests_toolbelt does', () => {
    const body = fateUploadBody(
      '2319a9f4de2d460d5782e1bdfd598a02',
      'breast_hetero_guest.csv',
      Buffer.from('id,y,x0\r\n1,0,0.5\r\n'),
    );
    expect(body.toString('latin1')).toBe(
      '--2319a9f4de2d460d5782e1bdfd598a02\r\nContent-Disposition: form-data; name="file"; filename="breast_hetero_guest.csv"\r\n' +
        'Content-Type: application/octet-stream\r\n\r\nid,y,x0\r\n1,0,0.5\r\n\r\n--2319a9f4de2d460d5782e1bdfd598a02--\r\n',
    );
  });
});
