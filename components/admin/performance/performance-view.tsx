'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { type ApiStatsDay, statsPage } from '@/lib/contracts/admin';
import { adminApi } from '../api';
import { buttonClass, ErrorAlert, Field, inputClass, PageHeader, ScrollRegion, useApiErrorText } from '../ui';
import { ChartFigure } from './chart-figure';
import type { ChartSeries } from './line-chart';
import { dailySeries, daysOf, lastDays, totalsBySite, validRange } from './stats';

type Load =
  | { phase: 'loading' }
  | { phase: 'error'; error: string }
  | { phase: 'ready'; rows: ApiStatsDay[] };

/** Per site and per day over a range (GET /api/admin/stats), as charts with their numbers. */
export function PerformanceView() {
  const t = useTranslations('console.performance');
  const tc = useTranslations('console.common');
  const format = useFormatter();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const errorText = useApiErrorText();
  const fallback = useMemo(() => lastDays(30), []);
  const from = params.get('from') ?? fallback.from;
  const to = params.get('to') ?? fallback.to;
  const valid = validRange(from, to);
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks for the figures again.
  useEffect(() => {
    if (!valid) return;
    const abort = new AbortController();
    setLoad({ phase: 'loading' });
    adminApi('GET', `/api/admin/stats?${new URLSearchParams({ from, to })}`, statsPage, {
      signal: abort.signal,
    }).then(
      (page) => setLoad({ phase: 'ready', rows: page.days }),
      (error) => {
        if (!abort.signal.aborted) setLoad({ phase: 'error', error: errorText(error) });
      },
    );
    return () => abort.abort();
  }, [from, to, valid, attempt]);

  const go = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    router.push(`${pathname}?${next}`, { scroll: false });
  };

  const rows = load.phase === 'ready' ? load.rows : [];
  const totals = useMemo(() => totalsBySite(rows), [rows]);
  const site = totals.find((s) => s.siteId === params.get('site'))?.siteId ?? totals[0]?.siteId ?? null;
  const days = useMemo(() => (valid ? daysOf(from, to) : []), [from, to, valid]);
  const charts = useMemo(() => {
    if (!site) return null;
    const d = dailySeries(rows, site, days);
    const line = (
      label: string,
      values: Array<number | null>,
      color: ChartSeries['color'],
      dash?: boolean,
    ) => ({
      label,
      values,
      color,
      dash,
    });
    return [
      {
        key: 'activity',
        title: t('chartActivity'),
        kind: 'count' as const,
        series: [
          line(t('conversations'), d.conversations, 'accent'),
          line(t('messages'), d.messages, 'warning', true),
        ],
      },
      {
        key: 'tokens',
        title: t('chartTokens'),
        kind: 'count' as const,
        series: [
          line(t('tokensIn'), d.promptTokens, 'accent'),
          line(t('tokensOut'), d.completionTokens, 'warning', true),
        ],
      },
      {
        key: 'ttft',
        title: t('chartTtft'),
        kind: 'ms' as const,
        series: [line(t('ttftP50'), d.ttftP50, 'accent'), line(t('ttftP95'), d.ttftP95, 'danger', true)],
      },
      {
        key: 'rates',
        title: t('chartRates'),
        kind: 'percent' as const,
        series: [
          line(t('errorRate'), d.errorRate, 'danger'),
          line(t('fallbackRate'), d.fallbackRate, 'warning', true),
          line(t('stopRate'), d.stopRate, 'fg'),
        ],
      },
    ];
  }, [rows, site, days, t]);

  const percent = (v: number | null) =>
    v === null ? tc('noValue') : format.number(v, { style: 'percent', maximumFractionDigits: 1 });
  const quick = (span: number) => {
    const range = lastDays(span);
    return range.from === from && range.to === to;
  };

  return (
    <>
      <PageHeader title={t('title')} intro={t('intro')} />
      <section aria-label={t('range')} className="mb-6 rounded-xl border border-border bg-surface p-4">
        <div className="flex flex-wrap items-end gap-3">
          <Field label={t('from')} className="flex w-44 flex-col gap-1">
            {({ id }) => (
              <input
                id={id}
                type="date"
                value={from}
                max={to}
                onChange={(e) => e.target.value && go({ from: e.target.value })}
                className={inputClass}
              />
            )}
          </Field>
          <Field label={t('to')} className="flex w-44 flex-col gap-1">
            {({ id }) => (
              <input
                id={id}
                type="date"
                value={to}
                min={from}
                onChange={(e) => e.target.value && go({ to: e.target.value })}
                className={inputClass}
              />
            )}
          </Field>
          <div className="flex flex-wrap gap-2">
            {[7, 30, 90].map((span) => (
              <button
                key={span}
                type="button"
                aria-pressed={quick(span)}
                onClick={() => go(lastDays(span))}
                className={quick(span) ? buttonClass.primary : buttonClass.secondary}
              >
                {t(`last${span}` as 'last7' | 'last30' | 'last90')}
              </button>
            ))}
          </div>
          {totals.length > 1 ? (
            <Field label={t('site')} className="flex w-52 flex-col gap-1">
              {({ id }) => (
                <select
                  id={id}
                  value={site ?? ''}
                  onChange={(e) => go({ site: e.target.value })}
                  className={inputClass}
                >
                  {totals.map((s) => (
                    <option key={s.siteId} value={s.siteId}>
                      {s.siteId}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
        </div>
        {!valid ? <p className="mt-3 text-sm text-danger">{t('invalidRange')}</p> : null}
      </section>

      <p role="status" className="sr-only">
        {load.phase === 'loading' ? tc('loading') : ''}
      </p>
      {load.phase === 'loading' && valid ? <p className="text-sm text-muted">{tc('loading')}</p> : null}
      {load.phase === 'error' ? (
        <div className="flex flex-col items-start gap-3">
          <ErrorAlert>{load.error}</ErrorAlert>
          <button type="button" className={buttonClass.secondary} onClick={() => setAttempt((n) => n + 1)}>
            {tc('retry')}
          </button>
        </div>
      ) : null}
      {load.phase === 'ready' && valid && totals.length === 0 ? (
        <p className="rounded-xl border border-dashed border-border px-4 py-10 text-center text-muted">
          {t('empty')}
        </p>
      ) : null}
      {load.phase === 'ready' && valid && totals.length > 0 ? (
        <>
          <div className="mb-8">
            <h2 id="by-site" className="mb-3 text-lg font-semibold">
              {t('bySite')}
            </h2>
            <ScrollRegion
              aria-labelledby="by-site"
              className="overflow-x-auto rounded-xl border border-border"
            >
              <table className="w-full text-end text-sm tabular-nums">
                <thead className="bg-surface-2">
                  <tr>
                    {[
                      t('colSite'),
                      t('conversations'),
                      t('messages'),
                      t('answers'),
                      t('tokensIn'),
                      t('tokensOut'),
                      t('errorRate'),
                      t('fallbackRate'),
                      t('stopRate'),
                    ].map((label, i) => (
                      <th
                        key={label}
                        scope="col"
                        className={`px-3 py-2 font-medium ${i === 0 ? 'text-start' : ''}`}
                      >
                        {label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {totals.map((s) => (
                    <tr key={s.siteId} className="border-t border-border">
                      <th scope="row" className="px-3 py-2 text-start font-mono text-xs font-normal">
                        {s.siteId}
                      </th>
                      <td className="px-3 py-2">{format.number(s.conversations)}</td>
                      <td className="px-3 py-2">{format.number(s.messages)}</td>
                      <td className="px-3 py-2">{format.number(s.answers)}</td>
                      <td className="px-3 py-2">{format.number(s.promptTokens)}</td>
                      <td className="px-3 py-2">{format.number(s.completionTokens)}</td>
                      <td className="px-3 py-2">{percent(s.errorRate)}</td>
                      <td className="px-3 py-2">{percent(s.fallbackRate)}</td>
                      <td className="px-3 py-2">{percent(s.stopRate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </div>
          <section aria-labelledby="daily">
            <h2 id="daily" className="mb-3 text-lg font-semibold">
              {t('chartsFor', { site: site ?? '' })}
            </h2>
            <div className="grid gap-4 xl:grid-cols-2">
              {charts?.map((chart) => (
                <ChartFigure
                  key={chart.key}
                  title={chart.title}
                  days={days}
                  series={chart.series}
                  kind={chart.kind}
                />
              ))}
            </div>
          </section>
        </>
      ) : null}
    </>
  );
}
