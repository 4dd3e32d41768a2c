import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import WebDriver, { type Client } from 'webdriver';
import { freePort } from '../support/app';
import { endGroup, type SmokeBrowser, spawnGroup, waitFor, withDeadline } from './smoke-browser';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
type ElementRef = { [ELEMENT]: string };

/** WebKitGTK's MiniBrowser (package libwebkit2gtk-4.1-0), under Debian's multiarch folder. */
function findMiniBrowser(): string {
  if (process.env.MINIBROWSER_PATH) return process.env.MINIBROWSER_PATH;
  const candidates = readdirSync('/usr/lib')
    .filter((dir) => dir.includes('-linux-'))
    .map((dir) => path.join('/usr/lib', dir, 'webkit2gtk-4.1', 'MiniBrowser'));
  const found = candidates.find((file) => existsSync(file));
  if (!found) {
    throw new Error(
      `MiniBrowser is not under /usr/lib/*/webkit2gtk-4.1: install Debian's webkit2gtk-driver (.ci/run does) or set MINIBROWSER_PATH`,
    );
  }
  return found;
}

function findOnPath(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  throw new Error(
    `${name} is not on PATH: install Debian's ${name === 'Xvfb' ? 'xvfb' : 'webkit2gtk-driver'} (.ci/run does)`,
  );
}

/** Starts Xvfb on a display it picks itself (no race with other X servers) and returns it. */
async function startXvfb() {
  const args = ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'];
  const xvfb = spawnGroup(findOnPath('Xvfb'), args, process.env, true);
  const fd3 = xvfb.child.stdio[3] as Readable | undefined;
  const display = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start:\n${xvfb.output()}`)), 20_000);
    fd3?.on('data', (d) => {
      text += d.toString();
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${text.trim()}`);
      }
    });
    xvfb.child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}):\n${xvfb.output()}`));
    });
  });
  return { group: xvfb, display };
}

/** WebKitGTK's MiniBrowser through WebKitWebDriver (WebDriver classic), under its own Xvfb. */
export async function launchWebKit(): Promise<SmokeBrowser> {
  const binary = findMiniBrowser();
  const driverPath = findOnPath('WebKitWebDriver');
  const { group: xvfb, display } = await startXvfb().catch((error: Error) => {
    throw new Error(`WebKit cannot start, no X display: ${error.message}`, { cause: error });
  });
  const port = await freePort();
  const driver = spawnGroup(driverPath, [`--port=${port}`], { ...process.env, DISPLAY: display });
  let client: Client | undefined;
  const stopAll = async () => {
    if (client)
      await Promise.race([client.deleteSession().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    await endGroup(driver);
    await endGroup(xvfb);
  };

  try {
    await waitFor(
      'WebKitWebDriver to listen',
      async () => {
        if (driver.child.exitCode !== null) throw new Error(`WebKitWebDriver exited:\n${driver.output()}`);
        return (await fetch(`http://127.0.0.1:${port}/status`)).ok;
      },
      (ok) => ok,
      15_000,
    );
    // A MiniBrowser that dies at start leaves WebKitWebDriver waiting for it: hence the deadline.
    client = await withDeadline(
      WebDriver.newSession({
        hostname: '127.0.0.1',
        port,
        path: '/',
        logLevel: 'error',
        connectionRetryCount: 0,
        connectionRetryTimeout: 30_000,
        capabilities: {
          browserName: 'MiniBrowser',
          // WebKitWebDriver has no WebDriver BiDi yet: a session that asks for it is refused.
          'wdio:enforceWebDriverClassic': true,
          'webkitgtk:browserOptions': { binary, args: ['--automation'] },
        } as WebdriverIO.Capabilities,
      }),
      30_000,
      'no browser session within 30 s',
    );
    await client.setTimeouts(undefined, 30_000, 30_000);
  } catch (error) {
    await stopAll();
    throw new Error(
      `WebKit (${binary} through ${driverPath}) could not start: ${(error as Error).message}\n${driver.output()}`,
      { cause: error },
    );
  }
  const session = client;
  const version = (session.capabilities as { browserVersion?: string }).browserVersion ?? '';

  // Scripts run in the browsing context selected last; these keep track of which one it is.
  let inChat = false;
  const toHost = async () => {
    if (inChat) await session.switchToFrame(null);
    inChat = false;
  };
  const toChat = async () => {
    if (inChat) return;
    const frame = await session.executeScript(
      "return document.querySelector('parley-chat')?.shadowRoot?.querySelector('iframe') ?? null",
      [],
    );
    if (!frame) throw new Error('the chat frame is not there');
    await session.switchToFrame(frame as ElementRef);
    inChat = true;
  };
  const element = async (body: string, what: string): Promise<string> => {
    const found = (await session.executeScript(body, [])) as ElementRef | null;
    if (!found?.[ELEMENT]) throw new Error(`${what} is not there`);
    return found[ELEMENT];
  };

  let closed = false;
  return {
    name: `MiniBrowser, WebKitGTK ${version}`,
    async goto(url) {
      inChat = false;
      await session.navigateTo(url);
    },
    async reload() {
      await toHost();
      await session.refresh();
    },
    async host<T>(body: string) {
      await toHost();
      return (await session.executeScript(body, [])) as T;
    },
    async chat<T>(body: string) {
      await toChat();
      return (await session.executeScript(body, [])) as T;
    },
    async clickLauncher() {
      await toHost();
      const id = await waitFor(
        'the launcher',
        () =>
          element(
            "return document.querySelector('parley-chat')?.shadowRoot?.querySelector('button')",
            'the launcher',
          ),
        Boolean,
      );
      await session.elementClick(id);
    },
    async typeAndEnter(text) {
      // U+E007 is the WebDriver key code of Enter.
      const keys = [...text, '\uE007'].flatMap((value) => [
        { type: 'keyDown', value },
        { type: 'keyUp', value },
      ]);
      await session.performActions([{ type: 'key', id: 'keyboard', actions: keys }]);
      await session.releaseActions();
    },
    errors: () => null,
    async close() {
      if (closed) return;
      closed = true;
      await stopAll();
    },
  };
}
