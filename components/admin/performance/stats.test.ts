import { describe, expect, it } from 'vitest';
import type { ApiStatsDay } from '@/lib/contracts/admin';
import { dailySeries, daysOf, lastDays, totalsBySite, validRange } from './stats';

const day = (siteId: string, d: string, over: Partial<ApiStatsDay> = {}): ApiStatsDay => ({
  siteId,
  day: d,
  conversations: 1,
  messages: 2,
  answers: 1,
  promptTokens: 10,
  completionTokens: 5,
  ttftP50: 300,
  ttftP95: 400,
  errors: 0,
  stopped: 0,
  fallbacks: 0,
  ...over,
});

describe('performance figures', () => {
  it('lists every day of a range, and the default range ends today (UTC)', () => {
    expect(daysOf('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(lastDays(7, Date.parse('2026-12-01T23:30:00Z'))).toEqual({ from: '2026-11-25', to: '2026-12-01' });
  });

  it('accepts ranges the API takes: in order, at most a year', () => {
    expect(validRange('2026-01-01', '2026-01-01')).toBe(true);
    expect(validRange('2026-01-02', '2026-01-01')).toBe(false);
    expect(validRange('2025-01-01', '2026-06-01')).toBe(false);
    expect(validRange('2026-1-1', '2026-01-02')).toBe(false);
  });

  it("adds up each site's days, busiest first, with rates of its answers", () => {
    const totals = totalsBySite([
      day('a', '2026-11-01', { answers: 4, errors: 1, fallbacks: 2 }),
      day('b', '2026-11-01', { messages: 10 }),
      day('a', '2026-11-02', { answers: 0, messages: 0 }),
    ]);
    expect(totals.map((t) => t.siteId)).toEqual(['b', 'a']);
    expect(totals[1]).toMatchObject({
      conversations: 2,
      messages: 2,
      answers: 4,
      errorRate: 0.25,
      fallbackRate: 0.5,
      stopRate: 0,
    });
    expect(totalsBySite([day('c', '2026-11-01', { answers: 0 })])[0].errorRate).toBeNull();
  });

  it("draws a site's quiet days as zero, and no time to first token where there was no answer", () => {
    const series = dailySeries(
      [day('a', '2026-11-02', { ttftP50: 312.6, answers: 2, stopped: 1 }), day('b', '2026-11-01')],
      'a',
      ['2026-11-01', '2026-11-02'],
    );
    expect(series.conversations).toEqual([0, 1]);
    expect(series.ttftP50).toEqual([null, 313]);
    expect(series.stopRate).toEqual([null, 0.5]);
  });
});
