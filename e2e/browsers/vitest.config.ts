import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The cross-browser smoke suite (npm run test:browsers): real browsers, one at a time.
const root = path.resolve(import.meta.dirname, '..', '..');

export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    root,
    include: ['e2e/browsers/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: 'forks',
    fileParallelism: false,
    // One line per browser, with its name.
    reporters: ['verbose'],
    // The WebDriver client's own logging, and its advice to webdriverio users, are noise here.
    env: { WDIO_LOG_LEVEL: 'error', DISABLE_WEBDRIVERIO_DEPRECATION_WARNINGS: 'true' },
  },
});
