import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { direction } from '@/lib/i18n/locales';
import { requestLocale } from '@/lib/i18n/request';
import './globals.css';

export const metadata: Metadata = {
  title: 'Parley',
  description: 'Self-hosted AI chat for websites',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  viewportFit: 'cover',
  interactiveWidget: 'resizes-content',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await requestLocale();
  return (
    <html lang={locale} dir={direction(locale)}>
      <body className="min-h-dvh antialiased">{children}</body>
    </html>
  );
}
