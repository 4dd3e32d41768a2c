// Regenerates the README's screenshots (docs/screenshot-ar.png, docs/screenshot-ja.png): the hosted
// chat in Arabic and in Japanese, answered by the test upstream with canned replies.
// Usage: npm run build && node scripts/screenshots.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { startFakeUpstream } from '../e2e/fake-upstream.mjs';
import { chromiumArgs, chromiumPath } from '../e2e/support/chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const conversations = {
  ar: [
    [
      'مرحبًا! هل تشحنون إلى المغرب؟',
      'نعم، نشحن إلى المغرب. يصل الطلب عادةً خلال **5 إلى 7 أيام عمل**، والشحن مجاني للطلبات التي تزيد عن 50 يورو.',
    ],
    [
      'وكيف أتابع طلبي؟',
      'ستصلك رسالة بالبريد الإلكتروني فيها رقم التتبع فور شحن الطلب. يمكنك أيضًا:\n\n- فتح صفحة **طلباتي** في حسابك\n- أو إرسال رقم الطلب هنا وسأتحقق منه لك',
    ],
  ],
  ja: [
    [
      'こんにちは。返品はできますか？',
      'はい、できます。商品到着から**30日以内**であれば、未使用の商品を返品いただけます。',
    ],
    [
      '送料はかかりますか？',
      '不良品の場合、返送料は当店が負担します。お客様都合の返品の場合は、送料をご負担ください。\n\n1. 「注文履歴」から返品を申請\n2. 届いたラベルを箱に貼る\n3. 最寄りのコンビニから発送',
    ],
  ],
};

const replies = Object.fromEntries(Object.values(conversations).flat());
const upstream = await startFakeUpstream({ replies, gapMs: 5 });
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-shots-'));
const port = 3917;
const server = spawn(process.execPath, [path.join(root, 'scripts', 'server.mjs')], {
  cwd: root,
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    OPENAI_BASE_URL: upstream.url,
    OPENAI_API_KEY: 'docs',
  },
  stdio: 'inherit',
});
const url = `http://127.0.0.1:${port}`;
for (let i = 0; i < 200; i++) {
  try {
    if ((await fetch(`${url}/api/health`)).ok) break;
  } catch {}
  await new Promise((resolve) => setTimeout(resolve, 150));
}

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  for (const [locale, scheme] of [
    ['ar', 'light'],
    ['ja', 'dark'],
  ]) {
    const context = await browser.newContext({
      locale,
      colorScheme: scheme,
      viewport: { width: 900, height: 620 },
      deviceScaleFactor: 1,
      extraHTTPHeaders: { 'Accept-Language': locale },
    });
    const page = await context.newPage();
    await page.goto(url);
    for (const [question] of conversations[locale]) {
      const before = await page.locator('li[data-role="assistant"][data-status="complete"]').count();
      await page.locator('textarea').fill(question);
      await page.locator('textarea').press('Enter');
      await page.locator('li[data-role="assistant"][data-status="complete"]').nth(before).waitFor();
    }
    await page.locator('textarea').blur();
    await page.screenshot({ path: path.join(root, 'docs', `screenshot-${locale}.png`) });
    await context.close();
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await upstream.close();
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
