import { describe, expect, it } from 'vitest';
import { quietUrl } from './drizzle.config';

describe('drizzle-kit connection URL', () => {
  it('asks PostgreSQL for warnings and errors only, keeping the rest of the URL', () => {
    const url = new URL(quietUrl('postgres://parley:p%40ss@db.example.com:5433/parley?sslmode=require'));
    expect(url.searchParams.get('options')).toBe('-c client_min_messages=warning');
    expect(url.searchParams.get('sslmode')).toBe('require');
    expect(`${url.username}:${url.password}@${url.host}${url.pathname}`).toBe(
      'parley:p%40ss@db.example.com:5433/parley',
    );
  });

  it('adds to options already given, and leaves an explicit client_min_messages alone', () => {
    const added = new URL(quietUrl('postgres://h/db?options=-c%20search_path%3Dchat'));
    expect(added.searchParams.get('options')).toBe('-c search_path=chat -c client_min_messages=warning');
    const own = 'postgres://h/db?options=-c%20client_min_messages%3Dnotice';
    expect(quietUrl(own)).toBe(own);
  });
});
