import type { FrameLocator, Locator, Page } from '@playwright/test';
import { ChatPage } from './chat-page';

type Probe = { violations: string[]; animations: number; events: Array<[string, unknown]> };
type ProbeWindow = Window & { __parleyProbe: Probe; Parley: (...args: unknown[]) => void };

/**
 * Records, in every frame, what a user cannot see but a test must: Content-Security-Policy
 * violations and entrance animations. Call before the first navigation.
 */
export async function installProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const probe: Probe = { violations: [], animations: 0, events: [] };
    Object.defineProperty(window, '__parleyProbe', { value: probe, enumerable: false });
    document.addEventListener('securitypolicyviolation', (event) => {
      probe.violations.push(`${event.effectiveDirective} ${event.blockedURI}`);
    });
    const animate = Element.prototype.animate;
    Element.prototype.animate = function (...args: Parameters<typeof animate>) {
      probe.animations += 1;
      return animate.apply(this, args);
    };
  });
}

/** Makes the chat origin's storage throw, as a browser that blocks third-party storage does. */
export async function blockStorageAt(page: Page, origin: string): Promise<void> {
  await page.addInitScript((chatOrigin) => {
    if (window.location.origin !== chatOrigin) return;
    for (const name of ['localStorage', 'sessionStorage']) {
      Object.defineProperty(window, name, {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
    }
  }, origin);
}

/** The embedded widget as a visitor of the host page sees it. */
export class WidgetPage {
  constructor(readonly page: Page) {}

  /** The launcher (inside the loader's open shadow root, which locators pierce). */
  get launcher(): Locator {
    return this.page.locator('parley-chat button');
  }
  get badge(): Locator {
    return this.page.locator('parley-chat button b');
  }
  get frameElement(): Locator {
    return this.page.locator('parley-chat iframe');
  }
  get frame(): FrameLocator {
    return this.page.frameLocator('parley-chat iframe');
  }
  get chat(): ChatPage {
    return new ChatPage(this.frame);
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }

  /** Calls the JavaScript API, as host page code would. */
  async call(...args: unknown[]): Promise<void> {
    await this.page.evaluate((a) => (window as unknown as ProbeWindow).Parley(...a), args);
  }

  async open(): Promise<void> {
    await this.launcher.click();
  }

  /** CSP violations on the host page. */
  violations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as ProbeWindow).__parleyProbe.violations);
  }

  /** What the loader keeps for a site in the host page's own localStorage. */
  stored(site = 'default'): Promise<{ token?: string; conversation?: string; labels?: string[] } | null> {
    return this.page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), `parley:${site}`);
  }

  /** Entrance animations started inside the chat frame. */
  frameAnimations(): Promise<number> {
    const frame = this.page.frames().find((f) => f.url().includes('/embed/'));
    if (!frame) throw new Error('the chat frame is not there');
    return frame.evaluate(() => (window as unknown as ProbeWindow).__parleyProbe.animations);
  }
}
