import type { Metadata } from 'next';
import { createTranslator } from 'use-intl';
import { IdentityView } from '@/components/admin/identity/identity-view';
import { loadConsoleMessages } from '@/components/admin/messages';
import { requestLocale } from '@/lib/i18n/request';

export async function generateMetadata(): Promise<Metadata> {
  const { locale, messages } = await loadConsoleMessages(await requestLocale());
  const t = createTranslator({ locale, messages, namespace: 'console' });
  return { title: `${t('identity.title')} · ${t('title')}` };
}

export default async function IdentityPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <IdentityView id={id} />;
}
