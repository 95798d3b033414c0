import { describe, expect, it } from '@jest/globals';
import { intersectionParameters } from '../../../../components/intersection.js';
import { rsaParamsOf } from '../../../../runner/components/intersection/run-intersection.js';

describe("the RSA intersection's settings", () => {
  it("take FATE's top-level random_bit as rsa_params.random_bit", () => {
    const parameters = intersectionParameters.parse({ intersect_method: 'rsa', random_bit: 256 });
    expect(rsaParamsOf(parameters).random_bit).toBe(256);
  });

  it('keep rsa_params.random_bit when no top-level one is given', () => {
    const parameters = intersectionParameters.parse({ intersect_method: 'rsa', rsa_params: { random_bit: 512 } });
    expect(rsaParamsOf(parameters)).toEqual(parameters.rsa_params);
    expect(rsaParamsOf(parameters).random_bit).toBe(512);
  });
});
