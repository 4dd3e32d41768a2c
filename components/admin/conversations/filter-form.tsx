'use client';

import { type FormEvent, useEffect, useState } from 'react';
import { useTranslations } from 'use-intl';
import type { SiteChoice } from '../sites';
import { buttonClass, Field, inputClass } from '../ui';
import { datesInOrder, type Filters, noFilters } from './filters';

/** Search and filters: the selects and dates apply at once, the search words on Enter or Search. */
export function FilterForm(props: {
  filters: Filters;
  sites: SiteChoice[] | null;
  onApply: (f: Filters) => void;
}) {
  const t = useTranslations('console.conversations');
  const { filters, onApply } = props;
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);

  const change = (patch: Partial<Filters>) => onApply({ ...filters, q, ...patch });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ ...filters, q });
  };
  const active = Object.entries(filters).some(([, value]) => value !== '');

  return (
    <search aria-label={t('filters')}>
      <form onSubmit={submit} className="flex flex-col gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor="conversation-search" className="text-sm font-medium text-fg">
            {t('search')}
          </label>
          <div className="flex gap-2">
            <input
              id="conversation-search"
              type="search"
              name="q"
              value={q}
              maxLength={200}
              placeholder={t('searchPlaceholder')}
              onChange={(event) => setQ(event.target.value)}
              className={inputClass}
            />
            <button type="submit" className={buttonClass.primary}>
              {t('searchButton')}
            </button>
          </div>
        </div>
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-5">
          <Field label={t('site')}>
            {({ id }) =>
              props.sites ? (
                <select
                  id={id}
                  value={filters.site}
                  onChange={(e) => change({ site: e.target.value })}
                  className={inputClass}
                >
                  <option value="">{t('allSites')}</option>
                  {props.sites.map((site) => (
                    <option key={site.id} value={site.id}>
                      {site.name === site.id ? site.id : `${site.name} (${site.id})`}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  defaultValue={filters.site}
                  key={filters.site}
                  placeholder={t('allSites')}
                  pattern="[A-Za-z0-9][A-Za-z0-9_\-]{0,62}"
                  onBlur={(e) => e.target.value !== filters.site && change({ site: e.target.value.trim() })}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      change({ site: e.currentTarget.value.trim() });
                    }
                  }}
                  className={inputClass}
                />
              )
            }
          </Field>
          <Field label={t('from')}>
            {({ id }) => (
              <input
                id={id}
                type="date"
                value={filters.from}
                max={filters.to || undefined}
                onChange={(e) => change({ from: e.target.value })}
                className={inputClass}
              />
            )}
          </Field>
          <Field label={t('to')}>
            {({ id }) => (
              <input
                id={id}
                type="date"
                value={filters.to}
                min={filters.from || undefined}
                onChange={(e) => change({ to: e.target.value })}
                className={inputClass}
              />
            )}
          </Field>
          <Field label={t('status')}>
            {({ id }) => (
              <select
                id={id}
                value={filters.status}
                onChange={(e) => change({ status: e.target.value as Filters['status'] })}
                className={inputClass}
              >
                <option value="">{t('anyStatus')}</option>
                <option value="error">{t('statusError')}</option>
                <option value="stopped">{t('statusStopped')}</option>
                <option value="interrupted">{t('statusInterrupted')}</option>
              </select>
            )}
          </Field>
          <Field label={t('feedback')}>
            {({ id }) => (
              <select
                id={id}
                value={filters.feedback}
                onChange={(e) => change({ feedback: e.target.value as Filters['feedback'] })}
                className={inputClass}
              >
                <option value="">{t('anyFeedbackFilter')}</option>
                <option value="any">{t('feedbackAny')}</option>
                <option value="up">{t('feedbackUp')}</option>
                <option value="down">{t('feedbackDown')}</option>
              </select>
            )}
          </Field>
        </div>
        {!datesInOrder(filters) ? <p className="text-sm text-danger">{t('invalidDates')}</p> : null}
        {active ? (
          <div>
            <button
              type="button"
              onClick={() => {
                setQ('');
                onApply(noFilters);
              }}
              className={buttonClass.secondary}
            >
              {t('clearFilters')}
            </button>
          </div>
        ) : null}
      </form>
    </search>
  );
}
