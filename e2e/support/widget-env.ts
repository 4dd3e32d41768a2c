import { type RunningApp, startApp } from './app';
import { type HostServer, startHostServer } from './host-server';
import { type FakeUpstream, startFakeUpstream } from './upstream';

export type WidgetEnv = {
  upstream: FakeUpstream;
  app: RunningApp;
  /** A website allowed to embed the chat (EMBED_ALLOWED_ORIGINS). */
  host: HostServer;
  /** A website that is not. */
  stranger: HostServer;
  stop(): Promise<void>;
};

/**
 * The widget's world: the fake model, the app on http://127.0.0.1:<port>, and two websites on
 * http://localhost:<port> (other origins), one of them allowed to embed the chat.
 */
export async function startWidgetEnv(): Promise<WidgetEnv> {
  const upstream = await startFakeUpstream();
  const host = await startHostServer();
  const stranger = await startHostServer();
  const app = await startApp({
    OPENAI_BASE_URL: upstream.url,
    OPENAI_API_KEY: 'test',
    EMBED_ALLOWED_ORIGINS: host.origin,
  });
  host.chatOrigin = app.url;
  stranger.chatOrigin = app.url;
  return {
    upstream,
    app,
    host,
    stranger,
    async stop() {
      await host.close();
      await stranger.close();
      await app.stop();
      await upstream.close();
    },
  };
}
