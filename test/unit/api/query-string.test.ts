import { describe, expect, it } from '@jest/globals';
import { parseQueryString, percentDecode } from '../../../functions/api/query-string.js';
import { ArgumentError } from '../../../functions/domain/errors.js';

// Produced by Python requests 2.34 from `params=json.dumps(conf)`, exactly as `flow data upload` sends it.
const UPLOAD_QUERY =
  '%7B%22file%22:%20%22examples/data/breast_hetero_guest.csv%22,%20%22id_delimiter%22:%20%22,%22,%20%22head%22:%201,' +
  '%20%22partition%22:%204,%20%22namespace%22:%20%22experiment%22,%20%22table_name%22:%20%22breast_hetero_guest%22,' +
  '%20%22conf_path%22:%20%22upload_conf.json%22,%20%22verbose%22:%200,%20%22drop%22:%201%7D';

describe('parseQueryString', () => {
  it('reads the upload conf that FATE sends as the whole query string', () => {
    expect(parseQueryString(UPLOAD_QUERY)).toEqual({
      params: {},
      document: {
        file: 'examples/data/breast_hetero_guest.csv',
        id_delimiter: ',',
        head: 1,
        partition: 4,
        namespace: 'experiment',
        table_name: 'breast_hetero_guest',
        conf_path: 'upload_conf.json',
        verbose: 0,
        drop: 1,
      },
    });
  });

  it('keeps the characters requests leaves unescaped inside the conf', () => {
    // requests 2.34 for {"file": "data/100% real/ré.csv", "namespace": "a&b=c", "table_name": "t+1"}
    const query =
      '%7B%22file%22:%20%22data/100%%20real/r%5Cu00e9.csv%22,%20%22namespace%22:%20%22a&b=c%22,%20%22table_name%22:%20%22t+1%22%7D';
    expect(parseQueryString(query).document).toEqual({
      file: 'data/100% real/ré.csv',
      namespace: 'a&b=c',
      table_name: 't+1',
    });
  });

  it('reads the conf when it arrives as a key with an empty value', () => {
    expect(parseQueryString('%7B%22namespace%22%3A%22ns%22%7D=').document).toEqual({ namespace: 'ns' });
  });

  it('reads a form-encoded conf whose spaces became plus signs', () => {
    expect(parseQueryString('%7B%22head%22%3A+1%7D').document).toEqual({ head: 1 });
  });

  it('reads ordinary key=value pairs into params', () => {
    expect(parseQueryString('job_id=202611271544180123450&role=guest&note=a%20b+c')).toEqual({
      params: { job_id: '202611271544180123450', role: 'guest', note: 'a b c' },
    });
  });

  it('joins a repeated key with commas as API Gateway does', () => {
    expect(parseQueryString('role=guest&role=host').params).toEqual({ role: 'guest,host' });
  });

  it('treats a brace that does not start a JSON object as an ordinary key', () => {
    expect(parseQueryString('%7Bnot-json')).toEqual({ params: { '{not-json': '' } });
  });

  it('refuses a JSON document nested deeper than the limit before parsing it', () => {
    const deep = encodeURIComponent(`{"meta": ${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect(() => parseQueryString(deep)).toThrow(
      new ArgumentError(
        "the query string's JSON document nests objects and arrays more than 20 levels deep (the limit)",
      ),
    );
  });

  it('returns empty params for an empty query string', () => {
    expect(parseQueryString('')).toEqual({ params: {} });
  });
});

describe('percentDecode', () => {
  it('decodes multi-byte UTF-8 escapes and leaves a lone percent sign alone', () => {
    expect(percentDecode('r%C3%A9sum%C3%A9 100% %zz')).toBe('résumé 100% %zz');
  });
});
