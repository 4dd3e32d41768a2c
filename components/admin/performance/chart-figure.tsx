'use client';

import dynamic from 'next/dynamic';
import { useId } from 'react';
import { useFormatter, useLocale, useTranslations } from 'use-intl';
import { focusRing, ScrollRegion } from '../ui';
import type { ChartKind, ChartSeries } from './line-chart';

// uPlot is fetched only when a chart is drawn, on this page.
const LineChart = dynamic(() => import('./line-chart'), {
  ssr: false,
  loading: () => <div className="h-[262px] animate-pulse rounded-lg bg-surface-2" />,
});

/** A chart and, for every reader, the table of the numbers it draws. */
export function ChartFigure(props: {
  title: string;
  days: string[];
  series: ChartSeries[];
  kind: ChartKind;
}) {
  const t = useTranslations('console.performance');
  const tc = useTranslations('console.common');
  const format = useFormatter();
  const locale = useLocale();
  const id = useId();
  const cell = (value: number | null) =>
    value === null
      ? tc('noValue')
      : props.kind === 'percent'
        ? format.number(value, { style: 'percent', maximumFractionDigits: 1 })
        : props.kind === 'ms'
          ? tc('ms', { value })
          : format.number(value);
  const day = (d: string) =>
    format.dateTime(new Date(`${d}T00:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' });

  return (
    <figure aria-labelledby={`${id}-title`} className="min-w-0 rounded-xl border border-border bg-bg p-4">
      <figcaption id={`${id}-title`} className="mb-3 font-semibold text-fg">
        {props.title}
      </figcaption>
      <LineChart
        days={props.days}
        series={props.series}
        kind={props.kind}
        locale={locale}
        dayLabel={t('day')}
      />
      <details className="mt-3 text-sm">
        <summary className={`cursor-pointer rounded text-accent ${focusRing}`}>{t('numbers')}</summary>
        <ScrollRegion
          aria-label={props.title}
          className="mt-2 max-h-80 overflow-auto rounded-lg border border-border"
        >
          <table className="w-full text-end tabular-nums">
            <caption className="sr-only">{props.title}</caption>
            <thead className="sticky top-0 bg-surface-2">
              <tr>
                <th scope="col" className="px-3 py-2 text-start font-medium">
                  {t('day')}
                </th>
                {props.series.map((s) => (
                  <th key={s.label} scope="col" className="px-3 py-2 font-medium">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.days.map((d, i) => (
                <tr key={d} className="border-t border-border">
                  <th scope="row" className="px-3 py-1.5 text-start font-normal whitespace-nowrap">
                    {day(d)}
                  </th>
                  {props.series.map((s) => (
                    <td key={s.label} className="px-3 py-1.5">
                      {cell(s.values[i])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </figure>
  );
}
