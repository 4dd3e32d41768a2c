/** The list's filters as they stand in the page's URL (shareable), and as the admin API takes them. */
export type Filters = {
  site: string;
  from: string;
  to: string;
  status: '' | 'error' | 'stopped' | 'interrupted';
  feedback: '' | 'up' | 'down' | 'any';
  q: string;
};

export const noFilters: Filters = { site: '', from: '', to: '', status: '', feedback: '', q: '' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SITE = /^[a-z0-9][a-z0-9_-]{0,62}$/i;
const statuses = ['error', 'stopped', 'interrupted'] as const;
const votes = ['up', 'down', 'any'] as const;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | '' {
  return values.find((v) => v === value) ?? '';
}

/** What a URL says, without anything the API would refuse. */
export function readFilters(params: URLSearchParams): Filters {
  const date = (name: string) => {
    const value = params.get(name) ?? '';
    return DATE.test(value) && !Number.isNaN(Date.parse(value)) ? value : '';
  };
  const site = params.get('site') ?? '';
  return {
    site: SITE.test(site) ? site : '',
    from: date('from'),
    to: date('to'),
    status: oneOf(statuses, params.get('status')),
    feedback: oneOf(votes, params.get('feedback')),
    q: (params.get('q') ?? '').slice(0, 200),
  };
}

/** The page's query string: only the filters in use, in a stable order. */
export function filtersToSearch(filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'site', 'from', 'to', 'status', 'feedback'] as const) {
    const value = filters[key].trim();
    if (value) params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Midnight of a calendar day in the browser's time zone, as an instant. */
function localMidnight(day: string, plusDays = 0): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

export function datesInOrder(filters: Filters): boolean {
  return !filters.from || !filters.to || filters.from <= filters.to;
}

/** The admin API's parameters: dates become the instants that begin and end those days here. */
export function apiParams(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.site) params.set('site', filters.site);
  if (filters.from) params.set('from', localMidnight(filters.from));
  if (filters.to) params.set('to', localMidnight(filters.to, 1));
  if (filters.status) params.set('status', filters.status);
  if (filters.feedback) params.set('feedback', filters.feedback);
  if (filters.q.trim()) params.set('q', filters.q.trim());
  return params;
}
