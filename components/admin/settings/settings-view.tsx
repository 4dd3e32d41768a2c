'use client';

import { useTranslations } from 'use-intl';
import { PageHeader } from '../ui';
import { OwnersSection } from './owners-section';
import { TokensSection } from './tokens-section';

export function SettingsView() {
  const t = useTranslations('console.settings');
  return (
    <>
      <PageHeader title={t('title')} intro={t('intro')} />
      <div className="flex flex-col gap-8">
        <OwnersSection />
        <TokensSection />
      </div>
    </>
  );
}
