// Jest's order (last run's failures, then the slowest by last run's times) with one change for a
// clean clone, which has no times yet: the e2e and infra files first, then by size. They are the
// long ones; started last, one of them would run on alone while the other worker sits idle.
import TestSequencer from '@jest/test-sequencer';

const SLOW_PROJECTS = ['e2e', 'infra'];

const isSlowProject = (test) => SLOW_PROJECTS.includes(test.context.config.displayName?.name ?? '');

export default class SlowFirstSequencer extends TestSequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.some((test) => test.duration != null)) return sorted;
    return [...sorted.filter(isSlowProject), ...sorted.filter((test) => !isSlowProject(test))];
  }
}
