import type { Metadata } from 'next';
import { createTranslator } from 'use-intl';
import { KnowledgeView } from '@/components/admin/knowledge/knowledge-view';
import { loadConsoleMessages } from '@/components/admin/messages';
import { requestLocale } from '@/lib/i18n/request';

export async function generateMetadata(): Promise<Metadata> {
  const { locale, messages } = await loadConsoleMessages(await requestLocale());
  const t = createTranslator({ locale, messages, namespace: 'console' });
  return { title: `${t('knowledge.title')} · ${t('title')}` };
}

export default async function KnowledgePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <KnowledgeView id={id} />;
}
