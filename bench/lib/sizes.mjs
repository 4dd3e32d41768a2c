// What a browser downloads: the loader, and the JavaScript of a page (its <script src> files).
import { gzipSync } from 'node:zlib';
import { request } from './load.mjs';

const gz = (buffer) => gzipSync(buffer, { level: 9 }).length;

export async function loaderSize(baseUrl) {
  const res = await request({ url: `${baseUrl}/embed.js` });
  if (res.status !== 200) return { raw: null, gzip: null, message: `GET /embed.js answered ${res.status}` };
  return { raw: res.body.length, gzip: gz(res.body), message: null };
}

/**
 * The JavaScript of a page: every external script a current browser loads (fetched, gzip -9
 * each, as a server with static compression sends them), its inline scripts (the RSC payload)
 * apart, and the legacy `nomodule` polyfills apart.
 */
export async function pageScripts(baseUrl, path) {
  const page = await request({ url: `${baseUrl}${path}` });
  if (page.status !== 200) {
    return { path, status: page.status, message: `GET ${path} answered ${page.status}`, scripts: [] };
  }
  const html = page.body.toString('utf8');
  const sources = new Map();
  for (const match of html.matchAll(/<script\b([^>]*)\bsrc="([^"]+)"([^>]*)>/g)) {
    // A nomodule script is for browsers without ES modules: current browsers neither fetch nor run it.
    const nomodule = /\bnomodule\b/i.test(match[1] + match[3]);
    sources.set(match[2].replace(/&amp;/g, '&'), nomodule);
  }
  const scripts = [];
  const legacy = [];
  for (const [src, isLegacy] of sources) {
    const res = await request({ url: new URL(src, baseUrl).toString() });
    (isLegacy ? legacy : scripts).push({ src, status: res.status, raw: res.body.length, gzip: gz(res.body) });
  }
  let inline = '';
  for (const match of html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g))
    inline += match[1];
  const sum = (key) => scripts.reduce((total, s) => total + s[key], 0);
  return {
    path,
    status: 200,
    message: null,
    files: scripts.length,
    raw: sum('raw'),
    gzip: sum('gzip'),
    inlineRaw: Buffer.byteLength(inline),
    inlineGzip: inline ? gz(Buffer.from(inline)) : 0,
    htmlGzip: gz(page.body),
    scripts,
    legacy,
    legacyGzip: legacy.reduce((total, l) => total + l.gzip, 0),
  };
}
