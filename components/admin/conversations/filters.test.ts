import { describe, expect, it } from 'vitest';
import { apiParams, datesInOrder, filtersToSearch, noFilters, readFilters } from './filters';

describe('the conversation filters in the URL', () => {
  it('reads what the API takes and drops what it would refuse', () => {
    const filters = readFilters(
      new URLSearchParams('q=refund&site=shop_1&from=2026-11-01&to=2026-13-45&status=weird&feedback=down'),
    );
    expect(filters).toEqual({
      site: 'shop_1',
      from: '2026-11-01',
      to: '',
      status: '',
      feedback: 'down',
      q: 'refund',
    });
    expect(readFilters(new URLSearchParams('site=../etc')).site).toBe('');
  });

  it('writes only the filters in use, and reads them back the same', () => {
    expect(filtersToSearch(noFilters)).toBe('');
    const filters = { ...noFilters, q: 'ship to', status: 'error' as const, from: '2026-11-01' };
    const search = filtersToSearch(filters);
    expect(search).toBe('?q=ship+to&from=2026-11-01&status=error');
    expect(readFilters(new URLSearchParams(search))).toEqual(filters);
  });

  it("turns calendar days into the instants that begin and end them in the browser's zone", () => {
    const params = apiParams({ ...noFilters, from: '2026-11-01', to: '2026-11-30', q: '  hi  ' });
    expect(params.get('from')).toBe(new Date(2026, 10, 1).toISOString());
    expect(params.get('to')).toBe(new Date(2026, 11, 1).toISOString());
    expect(params.get('q')).toBe('hi');
    expect(params.has('site')).toBe(false);
  });

  it('says when the dates are in the wrong order', () => {
    expect(datesInOrder({ ...noFilters, from: '2026-11-02', to: '2026-11-01' })).toBe(false);
    expect(datesInOrder({ ...noFilters, from: '2026-11-01', to: '2026-11-01' })).toBe(true);
    expect(datesInOrder({ ...noFilters, to: '2026-11-01' })).toBe(true);
  });
});
