import { describe, expect, it } from '@jest/globals';
import { componentStatus, contrastRatio, STATUS_COLOURS, statusColour } from '../../../board/lib/status.js';

describe('the board status colours', () => {
  it('give white text at least WCAG AA contrast (4.5:1) on every status colour', () => {
    const ratios = Object.fromEntries(
      Object.entries(STATUS_COLOURS).map(([status, colour]) => [status, contrastRatio(colour, '#ffffff') >= 4.5]),
    );
    expect(ratios).toEqual(Object.fromEntries(Object.keys(STATUS_COLOURS).map((status) => [status, true])));
  });

  it('computes WCAG contrast exactly at its ends', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBe(21);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
  });

  it('draws an unknown status as waiting', () => {
    expect(statusColour('paused')).toBe(STATUS_COLOURS.waiting);
    expect(statusColour('success')).toBe('#1a7f37');
  });

  it("gives a component one status from its parties': a failure first, green only when all succeeded", () => {
    expect(componentStatus([])).toBe('waiting');
    expect(componentStatus(['success', 'running', 'failed'])).toBe('failed');
    expect(componentStatus(['success', 'canceled'])).toBe('canceled');
    expect(componentStatus(['success', 'running'])).toBe('running');
    expect(componentStatus(['success', 'waiting'])).toBe('running');
    expect(componentStatus(['waiting', 'waiting'])).toBe('waiting');
    expect(componentStatus(['success', 'pass', 'success'])).toBe('success');
    expect(componentStatus(['pass', 'waiting'])).toBe('running');
  });
});
