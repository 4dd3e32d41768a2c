import { describe, expect, it } from 'vitest';
import { originVerdict, verdictScript } from './origin-check';

const own = 'https://chat.example.com';
const site = { allowedOrigins: ['https://www.example.com'], defaultLocale: 'en' };

describe('may this page show the chat?', () => {
  it('allows the listed origins, Parley itself, and requests that carry no Origin', () => {
    expect(originVerdict(site, 'default', 'https://www.example.com', own)).toEqual({ allowed: true });
    expect(originVerdict(site, 'default', own, own)).toEqual({ allowed: true });
    expect(originVerdict(site, 'default', null, own)).toEqual({ allowed: true });
  });

  it('refuses any other origin, naming it and the setting that allows it, not the allowed ones', () => {
    const verdict = originVerdict(site, 'default', 'http://localhost:8080', own);
    expect(verdict.allowed).toBe(false);
    const warning = verdict.allowed ? '' : verdict.warning;
    expect(warning).toContain('http://localhost:8080');
    expect(warning).toContain('EMBED_ALLOWED_ORIGINS');
    expect(warning).not.toContain('www.example.com');
  });

  it('names the console for a site other than default', () => {
    const verdict = originVerdict(site, 'shop', 'https://shop.example.org', own);
    expect(verdict.allowed ? '' : verdict.warning).toContain(
      `Add https://shop.example.org to the allowed origins of site "shop" in the console (${own}/admin/sites/shop)`,
    );
  });

  it('agrees with the frame policy: an unknown site is shown (it explains itself), an unreachable database is not', () => {
    expect(originVerdict('unknown', 'nope', 'https://a.example', own)).toEqual({ allowed: true });
    const down = originVerdict('unavailable', 'default', 'https://a.example', own);
    expect(down.allowed).toBe(false);
    expect(originVerdict('unavailable', 'default', own, own)).toEqual({ allowed: true });
  });

  it('refuses an opaque origin (file://, sandboxed frames) with its own explanation', () => {
    const verdict = originVerdict(site, 'default', 'null', own);
    expect(verdict.allowed ? '' : verdict.warning).toContain('http(s)');
  });
});

describe('the answer as a script', () => {
  it('starts the loader when allowed, and warns once, as a safe string literal, when not', () => {
    expect(verdictScript({ allowed: true })).toBe('document.currentScript?.ok?.();\n');
    const script = verdictScript({ allowed: false, warning: 'Parley: "x" \u2028 </script>' });
    const warned: unknown[] = [];
    new Function('console', script)({ warn: (...args: unknown[]) => warned.push(args) });
    expect(warned).toEqual([['Parley: "x" \u2028 </script>']]);
  });
});
