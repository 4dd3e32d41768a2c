// Regenerates the README's screenshots of the owner's console (docs/console-conversations.png,
// docs/console-transcript.png, docs/console-performance.png) at 1280×800.
// Usage: npm run build && node scripts/console-screenshots.mjs   (needs PostgreSQL's server binaries)
//
// Visitors chat through the real API in eight languages, answered by the test upstream with
// canned replies behind a small proxy that waits 120–900 ms before each answer (so times to first
// token differ as a real model's do); some vote. An app cannot be told another date, so the
// conversations are then spread over the last two weeks by shifting their timestamps in SQL.
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import postgres from 'postgres';
import { startFakeUpstream } from '../e2e/fake-upstream.mjs';
import { chromiumArgs, chromiumPath } from '../e2e/support/chromium.mjs';
import { freePort } from '../e2e/support/net.mjs';
import { startPostgres } from '../e2e/support/postgres.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EMAIL = 'owner@northwind.example';
const PASSWORD = 'screenshots-only-password';

/** [locale, [question, answer]…, feedback?] — a coffee roaster's support chat. */
const conversations = [
  [
    'en',
    [
      [
        'Do you ship to Canada?',
        'Yes. Orders to Canada arrive in 4–6 business days, and shipping is free above CA$60. Duties are included at checkout, so there is nothing to pay on delivery.',
      ],
      [
        'Can I track the parcel?',
        'You get a tracking link by email as soon as the parcel leaves our roastery, usually the next business day.',
      ],
    ],
    { turn: 0, rating: 'up' },
  ],
  [
    'fr',
    [
      [
        'Bonjour, vos cafés sont-ils bio ?',
        'Oui : tous nos cafés en grains sont certifiés biologiques (FR-BIO-01), à l’exception de l’édition limitée Geisha, issue d’une petite ferme en conversion.',
      ],
    ],
  ],
  [
    'de',
    [
      [
        'Kann ich mein Abo pausieren?',
        'Ja. Unter **Mein Konto → Abos** können Sie Ihr Abo bis zu drei Monate pausieren. Die nächste Lieferung verschiebt sich automatisch.',
      ],
    ],
    { turn: 0, rating: 'up' },
  ],
  [
    'en',
    [
      [
        'I was charged twice for order #4471',
        'I am sorry about that. A double charge is usually a pending authorisation that disappears within 3 business days. If it is still there after that, reply here and we will refund it.',
      ],
      [
        'It has been a week already.',
        'Then it is a real duplicate. I have flagged order #4471 for a refund of the second charge; you will get a confirmation email within 24 hours.',
      ],
    ],
    { turn: 0, rating: 'down', comment: 'It was not pending, I had already waited a week.' },
  ],
  [
    'ja',
    [
      [
        'エスプレッソ向けのおすすめはありますか？',
        '深煎りの「ダークナイト」がおすすめです。チョコレートとキャラメルの風味で、ミルクとの相性も抜群です。',
      ],
    ],
    { turn: 0, rating: 'up' },
  ],
  [
    'es',
    [
      [
        '¿Cuánto tarda un pedido a Madrid?',
        'Los pedidos a la península llegan en 2–3 días laborables. Si pides antes de las 12:00, sale el mismo día.',
      ],
    ],
  ],
  [
    'pt',
    [
      [
        'Vocês vendem moedores?',
        'Sim! Temos o moedor manual Comandante C40 e o elétrico Baratza Encore, ambos com garantia de dois anos.',
      ],
    ],
  ],
  [
    'ar',
    [
      [
        'هل يمكنني تغيير عنوان التوصيل بعد الطلب؟',
        'نعم، ما دام الطلب لم يُشحن بعد. أرسل رقم الطلب والعنوان الجديد هنا وسنحدّثه فورًا.',
      ],
    ],
    { turn: 0, rating: 'up' },
  ],
  [
    'en',
    [
      [
        'What grind size for a French press?',
        'Coarse, like sea salt. On our grinders that is setting 28–32 on the Comandante or 30 on the Encore.',
      ],
    ],
  ],
  [
    'it',
    [
      [
        'Il caffè decaffeinato è trattato con solventi?',
        'No: usiamo il metodo Swiss Water, solo acqua, temperatura e tempo. Nessun solvente chimico.',
      ],
    ],
    { turn: 0, rating: 'up' },
  ],
  [
    'nl',
    [
      [
        'Hoe lang blijven de bonen vers?',
        'Ongeopend tot drie maanden na het branden; na openen het best binnen vier weken, luchtdicht en koel bewaard.',
      ],
    ],
  ],
  [
    'en',
    [
      [
        'Can I return an opened bag?',
        'Opened coffee cannot be returned for hygiene reasons, but if you do not like it we send another roast of your choice, free of charge.',
      ],
    ],
    { turn: 0, rating: 'down', comment: 'Fine, but say it on the product page.' },
  ],
  [
    'de',
    [
      [
        'Bietet ihr Firmenkunden Rechnungskauf an?',
        'Ja, ab 5 kg pro Monat bieten wir Kauf auf Rechnung mit 14 Tagen Zahlungsziel an. Schreiben Sie uns Ihre Firmendaten.',
      ],
    ],
  ],
  [
    'fr',
    [['Livrez-vous en Belgique ?', 'Oui, en 3 à 5 jours ouvrés. La livraison est offerte dès 49 €.']],
    { turn: 0, rating: 'up' },
  ],
  [
    'en',
    [
      [
        'Is the cold brew kit dishwasher safe?',
        'The glass carafe and the lid are; the stainless steel filter should be rinsed by hand to keep the mesh fine.',
      ],
    ],
  ],
  [
    'ja',
    [
      [
        '定期便の配送日は変更できますか？',
        'はい、マイページの「定期便」から次回配送日を最大2週間まで前後に変更できます。',
      ],
    ],
  ],
];

const replies = Object.fromEntries(conversations.flatMap(([, turns]) => turns));
const upstream = await startFakeUpstream({ replies, gapMs: 12 });

// The proxy: each answer waits a while before it starts, as a real model's does.
let seed = 7;
const random = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};
const target = new URL(upstream.url);
let failing = true;
const proxy = http.createServer((req, res) => {
  const wait = 120 + Math.round(random() ** 2 * 780);
  // Now and then the model is overloaded: Parley falls back to another model, or reports an error.
  if (failing && req.method === 'POST' && random() < 0.07) {
    req.resume();
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: { message: 'The server is overloaded.', type: 'server_error', code: null } }),
    );
    return;
  }
  setTimeout(() => {
    const forward = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  }, wait);
});
const proxyPort = await freePort();
await new Promise((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve));

const pg = await startPostgres();
const databaseUrl = await pg.createDatabase('parley_console_shots');
const port = await freePort();
const server = spawn(process.execPath, [path.join(root, 'scripts', 'server.mjs')], {
  cwd: root,
  env: {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    OPENAI_BASE_URL: `http://127.0.0.1:${proxyPort}/v1`,
    OPENAI_API_KEY: 'docs',
    CHAT_FALLBACK_MODELS: 'gpt-4o',
    ADMIN_EMAIL: EMAIL,
    ADMIN_PASSWORD: PASSWORD,
    RATE_LIMIT_VISITOR_PER_MINUTE: '1000',
    RATE_LIMIT_IP_PER_MINUTE: '0',
    RATE_LIMIT_NEW_VISITORS_PER_IP_PER_HOUR: '0',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const url = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${url}/api/health`)).ok) break;
  } catch {}
  if (i > 400) throw new Error('the server did not start');
  await new Promise((resolve) => setTimeout(resolve, 150));
}

/** Sends one message as a visitor and reads the whole answer. */
async function chat(token, content, conversationId, locale) {
  const response = await fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ content, messageId: crypto.randomUUID(), conversationId, locale }),
  });
  const body = await response.text();
  const start = body
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => JSON.parse(line.slice(5)))
    .find((event) => event.type === 'start');
  if (!start) throw new Error(`chat: ${response.status} ${body.slice(0, 200)}`);
  return start;
}

const sql = postgres(databaseUrl, { max: 1 });
const DAY = 86_400_000;
try {
  // Two weeks of conversations: each seeded one is sent, then moved back to its day.
  const plan = [];
  for (let day = 13; day >= 1; day--) {
    const count = 5 + Math.round(random() * 6);
    for (let k = 0; k < count; k++) plan.push({ day, index: plan.length % conversations.length });
  }
  // Today's are the most varied: they lead the list in the screenshot.
  plan.push(...conversations.map((_, index) => ({ day: 0, index })));
  let sent = 1;
  for (const { day, index } of plan) {
    const [locale, turns, feedback] = conversations[index];
    // The transcript in the screenshot is today's double charge, answered in full.
    failing = !(day === 0 && index === 3);
    const visitor = await fetch(`${url}/api/visitors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { token } = await visitor.json();
    let conversationId;
    const answers = [];
    for (const [question] of turns) {
      const start = await chat(token, question, conversationId, locale);
      conversationId = start.conversationId;
      answers.push(start.assistantMessageId);
    }
    if (feedback) {
      await fetch(`${url}/api/messages/${answers[feedback.turn]}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ rating: feedback.rating, comment: feedback.comment }),
      });
    }
    // Earlier days at some hour of that day; today's a few minutes apart, in the order sent.
    const ms = day > 0 ? day * DAY + Math.round(random() * 6 * 3_600_000) : (plan.length - sent) * 240_000;
    sent++;
    const shift = `${ms} milliseconds`;
    await sql`update chat_messages set created_at = created_at - ${shift}::interval,
      completed_at = completed_at - ${shift}::interval where conversation_id = ${conversationId}`;
    await sql`update conversations set created_at = created_at - ${shift}::interval,
      updated_at = updated_at - ${shift}::interval where id = ${conversationId}`;
  }

  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  const login = await page.request.post(`${url}/api/admin/session`, {
    data: { email: EMAIL, password: PASSWORD },
  });
  if (!login.ok()) throw new Error(`login: ${login.status()}`);

  await page.goto(`${url}/admin`);
  await page.getByRole('list', { name: 'Conversations' }).getByRole('listitem').first().waitFor();
  await page.screenshot({ path: path.join(root, 'docs', 'console-conversations.png') });

  await page
    .getByRole('link', { name: /charged twice/ })
    .first()
    .click();
  await page.getByText('It was not pending').waitFor();
  await page.screenshot({ path: path.join(root, 'docs', 'console-transcript.png') });

  const today = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 13 * DAY).toISOString().slice(0, 10);
  await page.goto(`${url}/admin/performance?from=${from}&to=${today}`);
  await page.locator('.uplot canvas').nth(3).waitFor();
  await page.getByRole('heading', { name: /Day by day/ }).scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(root, 'docs', 'console-performance.png') });
  await browser.close();
  console.log('docs/console-conversations.png, docs/console-transcript.png, docs/console-performance.png');
} finally {
  await sql.end();
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  pg.stop();
  proxy.close();
  await upstream.close();
}
