import { describe, expect, it } from '@jest/globals';
import { componentHref, jobHref, parseHash } from '../../../board/lib/route.js';
import { boardUrl } from '../../../local/board/board-url.js';

describe('the board routes', () => {
  it('reads each page from the fragment', () => {
    expect(parseHash('').route).toEqual({ page: 'jobs' });
    expect(parseHash('#/jobs').route).toEqual({ page: 'jobs' });
    expect(parseHash('#/site').route).toEqual({ page: 'site' });
    expect(parseHash('#/job/2026120712').route).toEqual({ page: 'job', jobId: '2026120712' });
    expect(parseHash('#/job/2026120712/hetero_lr_0?party=host:10000').route).toEqual({
      page: 'component',
      jobId: '2026120712',
      component: 'hetero_lr_0',
      party: 'host:10000',
    });
    expect(parseHash('#/nowhere/at/all/x').route).toEqual({ page: 'jobs' });
  });

  it('takes the token out of the fragment and keeps the rest', () => {
    expect(parseHash('#/job/1/lr?party=host:10000&token=s3cret')).toEqual({
      route: { page: 'component', jobId: '1', component: 'lr', party: 'host:10000' },
      token: 's3cret',
      cleanHash: '#/job/1/lr?party=host%3A10000',
    });
    expect(parseHash('#/jobs')).toEqual({ route: { page: 'jobs' }, cleanHash: '#/jobs' });
  });

  it('reads back the links it makes, and the URLs a site prints', () => {
    expect(parseHash(componentHref('1', 'lr', 'guest:9999')).route).toEqual({
      page: 'component',
      jobId: '1',
      component: 'lr',
      party: 'guest:9999',
    });
    expect(parseHash(jobHref('1')).route).toEqual({ page: 'job', jobId: '1' });
    const printed = boardUrl('http://127.0.0.1:9380', { token: 'a b' });
    expect(printed).toBe('http://127.0.0.1:9380/board/#/jobs?token=a%20b');
    expect(parseHash(new URL(printed).hash)).toEqual({ route: { page: 'jobs' }, token: 'a b', cleanHash: '#/jobs' });
    expect(boardUrl('http://127.0.0.1:9380', { jobId: '42' })).toBe('http://127.0.0.1:9380/board/#/job/42');
  });
});
