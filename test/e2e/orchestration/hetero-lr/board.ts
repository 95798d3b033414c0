import { mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { boardUrl } from '../../../../local/board/board-url.js';
import type { DemoJob } from '../../../../local/demo/run-demo.js';
import { launchChromium } from '../../../support/chromium.js';
import { waitFor } from '../wait.js';
import type { HeteroLrSuite } from './suite.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const FINAL = new Set(['success', 'failed', 'canceled', 'timeout']);

/** What the browser saw, kept for the `it`s. */
interface Seen {
  dagNodes?: number;
  /** Each distinct state of the DAG's nodes while the page stayed open, `component=status` joined. */
  dagStates: string[];
  jobListed?: boolean;
  lossPoints?: number;
  rocPainted?: number;
  ksShown?: string;
  ksRecorded?: number;
  hostLogLine?: string;
  stoppedAt?: string[];
  stopBadge?: string;
  /** The site page's peer row at the guest: party, endpoint, keys with fingerprints, last contact. */
  peerRow?: string[];
  screenshots: string[];
  error?: unknown;
}

/**
 * The board (issue #15) in a real Chromium against the hetero-LR job: the guest's job page opened
 * right after the submit watches the DAG turn green; once the job ended, the jobs list, the
 * HeteroLR and Evaluation pages at the guest, the HeteroLR log at the host's site, the site page,
 * and a second job stopped from its page. One headless browser, one context, a 1366×768 viewport;
 * a screenshot of each page under the system's temp folder (the path is printed).
 */
export function boardSuite(): HeteroLrSuite {
  const seen: Seen = { dagStates: [], screenshots: [] };
  const shots = join(tmpdir(), 'fate-flow-board-screenshots', new Date().toISOString().replace(/[:.]/g, '-'));
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const shoot = async (name: string) => {
    const path = join(shots, `${name}.png`);
    await page?.screenshot({ path, fullPage: true });
    seen.screenshots.push(path);
  };
  const close = async () => {
    await browser?.close();
    browser = undefined;
  };

  return {
    async onSubmitted(job) {
      try {
        await mkdir(shots, { recursive: true });
        browser = await launchChromium();
        context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
        page = await context.newPage();
        const guest = job.siteOf(9999);
        await page.goto(`${boardUrl(guest.apiUrl, { jobId: job.jobId, token: guest.token })}`);
        await page.waitForSelector('[data-testid=dag-node]');
        // Every change of the nodes' statuses, as the page redraws them from its polling: the same
        // page, never reloaded, so the states it records are the live ones.
        await page.evaluate(RECORD_DAG_STATES);
        // Polled from here: the board's CSP (no eval) refuses waitForFunction's in-page predicate.
        const watched = page;
        await waitFor(
          async () => ((await watched.evaluate(DAG_ENDED)) === true ? true : undefined),
          // Within the hook's 240 s, so that a job that never ends is reported here.
          180_000,
          async () => `the DAG's end: ${JSON.stringify(await watched.evaluate('window.dagStates'))}`,
          200,
        );
        seen.dagNodes = await page.locator('[data-testid=dag-node]').count();
        seen.dagStates = (await page.evaluate('window.dagStates')) as string[];
        await shoot('job');
      } catch (error) {
        seen.error ??= error;
      }
    },

    async afterJob(job) {
      const started = Date.now();
      try {
        if (page === undefined) return;
        await jobsList(page, job, seen);
        await shoot('jobs');
        await guestComponents(page, job, seen, shoot);
        await hostLog(page, job, seen);
        await shoot('host-hetero-lr');
        await page.goto(`${job.siteOf(9999).apiUrl}/board/#/site`);
        await page.waitForSelector('[data-testid=peers] tbody tr');
        seen.peerRow = await page.locator('[data-testid=peers] tbody tr').first().locator('td').allTextContents();
        await shoot('site');
        await stopFromBoard(page, job, seen);
        await shoot('stopped-job');
        process.stderr.write(`board: ${Date.now() - started} ms after the job; screenshots in ${shots}\n`);
      } catch (error) {
        seen.error ??= error;
      } finally {
        await close();
      }
    },

    define() {
      describe('the board, in Chromium', () => {
        it('drives every page without an error', () => {
          expect(seen.error).toBeUndefined();
        });
        it('shows the five components of the DAG turning green while the job runs', () => {
          expect(seen.dagNodes).toBe(5);
          const components = 'reader_0 data_transform_0 intersection_0 hetero_lr_0 evaluation_0'.split(' ');
          const last = seen.dagStates.at(-1) ?? '';
          expect(last).toBe(components.map((c) => `${c}=success`).join(' '));
          // Seen before its end, on the same page: some component not yet green.
          expect(seen.dagStates[0]).not.toBe(last);
          expect(seen.dagStates.length).toBeGreaterThan(2);
        });
        it('lists the job', () => {
          expect(seen.jobListed).toBe(true);
        });
        it('draws the loss with one point per iteration (3)', () => {
          expect(seen.lossPoints).toBe(3);
        });
        it('draws the ROC curve, and shows the KS that component metric-all answers', () => {
          expect(seen.rocPainted).toBeGreaterThan(200);
          expect(seen.ksRecorded).toBeGreaterThan(0);
          expect(seen.ksShown).toBe(String(seen.ksRecorded));
        });
        it("shows a line of the host's HeteroLR log at the host's site", () => {
          expect(seen.hostLogLine).toMatch(/trained 20 features/);
        });
        it("shows the guest's peer with its keys' fingerprints and a last contact (the job's calls)", () => {
          const [party, , keys, lastContact] = seen.peerRow ?? [];
          expect(party).toBe('10000');
          expect(keys).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
          expect(lastContact).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
        });
        it('stops a running job at every party from its page', () => {
          expect(seen.stoppedAt).toEqual(['canceled', 'canceled', 'canceled']);
          expect(seen.stopBadge).toBe('canceled');
        });
        it('saves a screenshot of each page', () => {
          expect(seen.screenshots.map((path) => path.split('/').pop())).toEqual([
            'job.png',
            'jobs.png',
            'guest-hetero-lr.png',
            'guest-evaluation.png',
            'host-hetero-lr.png',
            'site.png',
            'stopped-job.png',
          ]);
        });
      });
    },
  };
}

/*
 * What runs in the page, as source text: the test's TypeScript has no DOM types (the repository's
 * tsconfig is Node's), and these few lines need none of the test's variables.
 */

/** Records each distinct state of the DAG's nodes in `window.dagStates` as the page redraws them. */
const RECORD_DAG_STATES = `(() => {
  const states = [];
  window.dagStates = states;
  const record = () => {
    const state = [...document.querySelectorAll('[data-testid=dag-node]')]
      .map((node) => node.getAttribute('data-component') + '=' + node.getAttribute('data-status'))
      .join(' ');
    if (states.at(-1) !== state) states.push(state);
  };
  record();
  new MutationObserver(record).observe(document.body, { subtree: true, attributes: true, childList: true });
})()`;

/**
 * The job has ended at the guest and the page shows it: every node final once it succeeded (the
 * DAG's last state is asserted), at once when it did not (a failed job's later nodes never run).
 */
const DAG_ENDED = `(() => {
  const final = ['success', 'failed', 'canceled', 'timeout'];
  const job = document.querySelector('[data-testid=job-status] [data-status]')?.getAttribute('data-status');
  if (!final.includes(job)) return false;
  const nodes = [...document.querySelectorAll('[data-testid=dag-node]')];
  return job !== 'success' || nodes.every((node) => final.includes(node.getAttribute('data-status')));
})()`;

/** How many pixels of the ROC chart's canvas are the curve's stroke (#0550ae: blue, opaque; axes and grid are grey). */
const ROC_STROKE_PIXELS = `(() => {
  const canvas = document.querySelector('[data-testid=chart-roc] canvas');
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 2] > 120 && pixels[i] < 60 && pixels[i + 3] > 200) painted += 1;
  return painted;
})()`;

async function jobsList(page: Page, job: DemoJob, seen: Seen) {
  await page.goto(`${job.siteOf(9999).apiUrl}/board/#/jobs`);
  await page.waitForSelector(`tr[data-job="${job.jobId}"]`);
  seen.jobListed = (await page.locator(`tr[data-job="${job.jobId}"] [data-status=success]`).count()) === 1;
}

async function guestComponents(page: Page, job: DemoJob, seen: Seen, shoot: (name: string) => Promise<void>) {
  const base = `${job.siteOf(9999).apiUrl}/board/#/job/${job.jobId}`;
  await page.goto(`${base}/hetero_lr_0`);
  await page.waitForSelector('[data-testid="chart-train-loss"]');
  seen.lossPoints = await page.locator('[data-testid="chart-train-loss-point"]').count();
  await shoot('guest-hetero-lr');
  await page.goto(`${base}/evaluation_0`);
  await page.waitForSelector('[data-testid=chart-roc] canvas');
  await page.waitForSelector('[data-testid=confusion]');
  seen.rocPainted = (await page.evaluate(ROC_STROKE_PIXELS)) as number;
  seen.ksShown =
    (await page
      .locator('[data-testid=metric-summary][data-name="train/hetero_lr_0"] [data-metric=ks]')
      .textContent()) ?? undefined;
  const all = await job.clientOf(9999).post('/v1/tracking/component/metric/all', {
    job_id: job.jobId,
    component_name: 'evaluation_0',
    role: 'guest',
    party_id: 9999,
  });
  const summary = (all.data as Record<string, Record<string, { data: [string, number][] }>>).train?.hetero_lr_0?.data;
  seen.ksRecorded = summary?.find(([name]) => name === 'ks')?.[1];
  await shoot('guest-evaluation');
}

async function hostLog(page: Page, job: DemoJob, seen: Seen) {
  const host = job.siteOf(10000);
  // Another origin, so another sessionStorage: the host's own token, as its URL carries it.
  await page.goto(`${host.apiUrl}/board/#/job/${job.jobId}/hetero_lr_0?party=host:10000&token=${host.token}`);
  const line = page.locator('[data-testid=log]', { hasText: 'trained' });
  await line.waitFor();
  seen.hostLogLine = ((await line.textContent()) ?? '').split('\n').find((l) => l.includes('trained'));
}

/** A second hetero-LR job (30 iterations: it runs long enough), stopped from its page once it runs. */
async function stopFromBoard(page: Page, job: DemoJob, seen: Seen) {
  const example = join(root, 'examples', 'hetero-lr');
  const dsl = JSON.parse(await readFile(join(example, 'dsl.json'), 'utf8'));
  const conf = JSON.parse(await readFile(join(example, 'conf.json'), 'utf8'));
  conf.component_parameters.common.hetero_lr_0 = {
    ...conf.component_parameters.common.hetero_lr_0,
    encrypt_param: { key_length: 512 },
  };
  const guest = job.clientOf(9999);
  const submitted = await guest.post('/v1/job/submit', { job_dsl: dsl, job_runtime_conf: conf });
  if (submitted.retcode !== 0) throw new Error(`the second job was refused: ${submitted.retmsg}`);
  const jobId = String(submitted.jobId);
  await page.goto(`${job.siteOf(9999).apiUrl}/board/#/job/${jobId}`);
  await page.waitForSelector('[data-testid=job-status] [data-status=running]', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await page.getByRole('button', { name: 'Confirm: stop at every party' }).click();
  await page.waitForSelector('[data-testid=job-status] [data-status=canceled]', { timeout: 30_000 });
  seen.stopBadge = 'canceled';
  const statuses = async () => {
    const records = await Promise.all(
      [9999, 10000].map(
        async (party) =>
          ((await job.clientOf(party).post('/v1/job/query', { job_id: jobId })).data ?? []) as { f_status: string }[],
      ),
    );
    return records.flat().map((record) => record.f_status);
  };
  seen.stoppedAt = await waitFor(
    async () => {
      const now = await statuses();
      return now.length === 3 && now.every((status) => FINAL.has(status)) ? now : undefined;
    },
    30_000,
    async () => `the stopped job at every party: ${(await statuses()).join(', ')}`,
  );
}
