import { describe, expect, it } from 'vitest';
import { embedSiteId, framePolicy, isOrigin } from './frame-policy';

describe('embedSiteId', () => {
  it('reads the site id of an embed page only', () => {
    expect(embedSiteId('/embed/default')).toBe('default');
    expect(embedSiteId('/embed/shop-1/')).toBe('shop-1');
    expect(embedSiteId('/embed/a%20b')).toBe('a b');
    expect(embedSiteId('/embed/%ZZ')).toBe('%ZZ');
    expect(embedSiteId('/embed')).toBeNull();
    expect(embedSiteId('/embed/a/b')).toBeNull();
    expect(embedSiteId('/embed.js')).toBeNull();
    expect(embedSiteId('/demo')).toBeNull();
  });
});

describe('framePolicy', () => {
  it("lets the app and the site's origins frame its chat, nobody else", () => {
    expect(framePolicy({ allowedOrigins: [], defaultLocale: 'en' })).toBe("frame-ancestors 'self'");
    expect(
      framePolicy({
        allowedOrigins: ['https://www.example.com', 'http://localhost:8080'],
        defaultLocale: 'en',
      }),
    ).toBe("frame-ancestors 'self' https://www.example.com http://localhost:8080");
  });
  it('never lets a stored value widen the policy', () => {
    const policy = framePolicy({
      allowedOrigins: [
        '*',
        'https:',
        "'unsafe-inline'",
        'https://a.example; script-src *',
        'https://b.example/',
      ],
      defaultLocale: 'en',
    });
    expect(policy).toBe("frame-ancestors 'self'");
  });
  it('fails closed when the database cannot say, and shows the unknown-site page anywhere', () => {
    expect(framePolicy('unavailable')).toBe("frame-ancestors 'self'");
    expect(framePolicy('unknown')).toBe('frame-ancestors *');
  });
});

describe('isOrigin', () => {
  it('accepts serialized http(s) origins only', () => {
    expect(isOrigin('https://example.com')).toBe(true);
    expect(isOrigin('http://127.0.0.1:3000')).toBe(true);
    expect(isOrigin('https://example.com/')).toBe(false);
    expect(isOrigin('ftp://example.com')).toBe(false);
    expect(isOrigin('example.com')).toBe(false);
  });
});
