'use client';

import { useEffect, useRef, useSyncExternalStore } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/*
 * A chart of daily values drawn by uPlot (about 21 KB gzipped). This module is loaded only by the
 * performance page, with next/dynamic, so neither uPlot nor its CSS reaches any other bundle.
 * The canvas is hidden from assistive technology: the same numbers are in a table beside it.
 */

export type ChartColor = 'accent' | 'warning' | 'danger' | 'fg' | 'muted';
export type ChartSeries = { label: string; values: Array<number | null>; color: ChartColor; dash?: boolean };
export type ChartKind = 'count' | 'ms' | 'percent';

const dark = '(prefers-color-scheme: dark)';
function subscribe(onChange: () => void) {
  const query = window.matchMedia(dark);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}
const isDark = () => window.matchMedia(dark).matches;

function formatter(locale: string, kind: ChartKind): (value: number) => string {
  if (kind === 'percent') {
    const f = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
    return (v) => f.format(v);
  }
  const f = new Intl.NumberFormat(locale, {
    notation: 'compact',
    maximumFractionDigits: 1,
    ...(kind === 'ms' ? { style: 'unit', unit: 'millisecond', unitDisplay: 'short' } : {}),
  });
  return (v) => f.format(v);
}

export default function LineChart(props: {
  days: string[];
  series: ChartSeries[];
  kind: ChartKind;
  locale: string;
  dayLabel: string;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const scheme = useSyncExternalStore(subscribe, isDark, () => false);
  const { days, series, kind, locale, dayLabel } = props;
  const height = props.height ?? 220;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `scheme` redraws with the new scheme's colours.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const css = getComputedStyle(el);
    const color = (name: ChartColor | 'border') =>
      css.getPropertyValue(`--parley-${name}`).trim() || 'currentColor';
    const format = formatter(locale, kind);
    const axis = {
      stroke: color('muted'),
      grid: { stroke: color('border'), width: 1 },
      ticks: { stroke: color('border'), width: 1 },
      font: '12px system-ui, sans-serif',
    };
    const options: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: { drag: { x: false, y: false }, points: { size: 7 } },
      // The legend names the lines; the values are in the table beside the chart.
      legend: { live: false },
      scales: {
        x: { time: true },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : kind === 'percent' ? 0.1 : 1] },
      },
      axes: [
        { ...axis, values: (_u, ticks) => ticks.map((ts) => formatDay(ts, locale)) },
        { ...axis, size: 56, values: (_u, ticks) => ticks.map(format) },
      ],
      series: [
        { label: dayLabel, value: (_u, ts) => (ts == null ? '' : formatDay(ts, locale)) },
        ...series.map((s) => ({
          label: s.label,
          stroke: color(s.color),
          width: 2,
          dash: s.dash ? [6, 4] : undefined,
          points: { show: days.length <= 62, size: 5, fill: color(s.color) },
          value: (_u: uPlot, v: number | null) => (v == null ? '–' : format(v)),
        })),
      ],
    };
    const xs = days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
    const plot = new uPlot(options, [xs, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [days, series, kind, locale, dayLabel, height, scheme]);

  return <div ref={ref} aria-hidden="true" className="parley-chart w-full text-fg" />;
}

function formatDay(seconds: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(seconds * 1000),
  );
}
