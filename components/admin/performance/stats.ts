import type { ApiStatsDay } from '@/lib/contracts/admin';

const DAY = 86_400_000;

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Today (UTC) and the day `span - 1` days before it: the default range. */
export function lastDays(span: number, now = Date.now()): { from: string; to: string } {
  const to = Date.parse(isoDay(now));
  return { from: isoDay(to - (span - 1) * DAY), to: isoDay(to) };
}

/** Every day of the range, so that a day without activity is drawn as zero rather than skipped. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to) && out.length <= 366; t += DAY) out.push(isoDay(t));
  return out;
}

/** A range the API takes: real dates, in order, at most a year apart. */
export function validRange(from: string, to: string): boolean {
  const a = Date.parse(from);
  const b = Date.parse(to);
  return /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && a <= b && b - a <= 366 * DAY;
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export type SiteTotals = {
  siteId: string;
  conversations: number;
  messages: number;
  answers: number;
  promptTokens: number;
  completionTokens: number;
  errorRate: number | null;
  fallbackRate: number | null;
  stopRate: number | null;
};

/** Each site's totals over the range, busiest first. */
export function totalsBySite(rows: ApiStatsDay[]): SiteTotals[] {
  const sums = new Map<string, ApiStatsDay>();
  for (const row of rows) {
    const sum = sums.get(row.siteId);
    if (!sum) {
      sums.set(row.siteId, { ...row });
      continue;
    }
    for (const key of [
      'conversations',
      'messages',
      'answers',
      'promptTokens',
      'completionTokens',
      'errors',
      'stopped',
      'fallbacks',
    ] as const)
      sum[key] += row[key];
  }
  return [...sums.values()]
    .map((s) => ({
      siteId: s.siteId,
      conversations: s.conversations,
      messages: s.messages,
      answers: s.answers,
      promptTokens: s.promptTokens,
      completionTokens: s.completionTokens,
      errorRate: rate(s.errors, s.answers),
      fallbackRate: rate(s.fallbacks, s.answers),
      stopRate: rate(s.stopped, s.answers),
    }))
    .sort((a, b) => b.messages - a.messages || a.siteId.localeCompare(b.siteId));
}

export type DailySeries = {
  conversations: number[];
  messages: number[];
  promptTokens: number[];
  completionTokens: number[];
  ttftP50: Array<number | null>;
  ttftP95: Array<number | null>;
  errorRate: Array<number | null>;
  fallbackRate: Array<number | null>;
  stopRate: Array<number | null>;
};

/** One site's figures, one value per day of the range (rates of its answers that day). */
export function dailySeries(rows: ApiStatsDay[], siteId: string, days: string[]): DailySeries {
  const byDay = new Map(rows.filter((r) => r.siteId === siteId).map((r) => [r.day, r]));
  const pick = <T>(f: (r: ApiStatsDay) => T, empty: T) =>
    days.map((d) => (byDay.has(d) ? f(byDay.get(d) as ApiStatsDay) : empty));
  return {
    conversations: pick((r) => r.conversations, 0),
    messages: pick((r) => r.messages, 0),
    promptTokens: pick((r) => r.promptTokens, 0),
    completionTokens: pick((r) => r.completionTokens, 0),
    ttftP50: pick((r) => (r.ttftP50 === null ? null : Math.round(r.ttftP50)), null),
    ttftP95: pick((r) => (r.ttftP95 === null ? null : Math.round(r.ttftP95)), null),
    errorRate: pick((r) => rate(r.errors, r.answers), null),
    fallbackRate: pick((r) => rate(r.fallbacks, r.answers), null),
    stopRate: pick((r) => rate(r.stopped, r.answers), null),
  };
}
