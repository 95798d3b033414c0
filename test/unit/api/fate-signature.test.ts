import { describe, expect, it } from '@jest/globals';
import { fateSignature, signaturesMatch, signedForm } from '../../../functions/api/auth/fate-signature.js';

// Vectors computed with Python (requests 2.34, hmac, base64) exactly as fate_client's access_server signs.
const SIGNER = { timestamp: '1764258000000', nonce: 'a8b8b5a2-cbb1-11f0-8de9-0242ac120002', appKey: 'app-key-1' };
const SECRET = 'secret-key-1';

describe('fateSignature', () => {
  it('matches the signature FATE computes for a JSON request', () => {
    const body = '{"job_id": "202611271544180123450", "role": "guest", "party_id": "9999"}';
    const signature = fateSignature(SECRET, {
      ...SIGNER,
      pathWithQuery: '/v1/job/query',
      jsonBody: Buffer.from(body),
      form: '',
    });
    expect(signature).toBe('DQulLGR7vC3XxmygVwPAitNRg1Y=');
  });

  it('matches the signature FATE computes for a multipart upload with the conf in the query', () => {
    const pathWithQuery =
      '/v1/data/upload?%7B%22file%22:%20%22examples/data/breast_hetero_guest.csv%22,%20%22id_delimiter%22:%20%22,%22,' +
      '%20%22head%22:%201,%20%22partition%22:%204,%20%22namespace%22:%20%22experiment%22,%20%22table_name%22:' +
      '%20%22breast_hetero_guest%22,%20%22conf_path%22:%20%22upload_conf.json%22,%20%22verbose%22:%200,%20%22drop%22:%201%7D';
    const signature = fateSignature(SECRET, { ...SIGNER, pathWithQuery, jsonBody: Buffer.alloc(0), form: '' });
    expect(signature).toBe('l/uC1rAk3ztMGY/mfLOXV//RlDE=');
  });

  it('matches the signature FATE computes for a url-encoded form', () => {
    const form = signedForm('b=x+y&a=it%27s+%281%29%2A&c=%C3%A9~');
    expect(form).toBe('a=it%27s%20%281%29%2A&b=x%20y&c=%C3%A9~');
    const signature = fateSignature(SECRET, {
      ...SIGNER,
      pathWithQuery: '/v1/test/form',
      jsonBody: Buffer.alloc(0),
      form,
    });
    expect(signature).toBe('zvRVv1CdGlncKSe4VUvG/NdrGJg=');
  });
});

describe('signedForm', () => {
  it('keeps only the first value of a repeated key as Flask does', () => {
    expect(signedForm('k=2&k=1&a=0')).toBe('a=0&k=2');
  });
});

describe('signaturesMatch', () => {
  it('accepts an equal signature and refuses a different or shorter one', () => {
    expect(signaturesMatch('DQulLGR7vC3XxmygVwPAitNRg1Y=', 'DQulLGR7vC3XxmygVwPAitNRg1Y=')).toBe(true);
    expect(signaturesMatch('DQulLGR7vC3XxmygVwPAitNRg1Z=', 'DQulLGR7vC3XxmygVwPAitNRg1Y=')).toBe(false);
    expect(signaturesMatch('DQul', 'DQulLGR7vC3XxmygVwPAitNRg1Y=')).toBe(false);
  });
});
