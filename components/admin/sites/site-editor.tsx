'use client';

import type { FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import type { ApiSiteRead } from '@/lib/contracts/admin';
import { buttonClass, ErrorAlert } from '../ui';
import { AssistantSection, StartSection } from './assistant-sections';
import { EmbedSnippet } from './embed-snippet';
import { SitePreview } from './site-preview';
import { useSiteEditor } from './use-site-editor';
import { AccessSection, KnowledgeSection, LimitsSection, LookSection } from './widget-sections';

/** What the snippet carries: changing these means pasting the snippet again. */
const SNIPPET_KEYS = ['launcherColor', 'launcherPosition'] as const;

/**
 * A site's settings beside the live preview: the form saves only what changed; the snippet and
 * the preview sit in a column of their own on a wide screen, below the form on a narrow one.
 */
export function SiteEditor(props: { site: ApiSiteRead; onSaved: (site: ApiSiteRead) => void }) {
  const t = useTranslations('console.site');
  const editor = useSiteEditor(props.site);
  const { binding: b, form, site, pending } = editor;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await editor.save();
    if (saved) props.onSaved(saved);
  };

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_25rem]">
      <div className="flex min-w-0 flex-col gap-6">
        <EmbedSnippet
          snippet={site.embedSnippet}
          stale={SNIPPET_KEYS.some((key) => pending.changed.includes(key))}
        />
        <form id="site-settings" onSubmit={submit} noValidate className="flex flex-col gap-6">
          <AssistantSection b={b} />
          <StartSection b={b} />
          <LookSection b={b} />
          <AccessSection b={b} />
          <LimitsSection b={b} />
          <KnowledgeSection b={b} />
          <div
            className={`z-10 flex flex-col gap-3 rounded-xl border border-border bg-bg p-3 ${
              editor.dirty || editor.notice?.kind === 'error' ? 'sticky bottom-0 shadow-float' : ''
            }`}
          >
            {editor.notice?.kind === 'error' ? <ErrorAlert>{editor.notice.text}</ErrorAlert> : null}
            <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0 text-sm">
                <p role="status" className={editor.notice?.kind === 'saved' ? 'text-fg' : 'sr-only'}>
                  {editor.notice?.kind === 'saved' ? editor.notice.text : ''}
                </p>
                {editor.notice?.kind === 'saved' && !editor.dirty ? null : (
                  <p className="text-muted" data-testid="pending-changes">
                    {t('pending', { count: pending.changed.length })}
                  </p>
                )}
              </div>
              <div className="flex flex-wrap gap-2">
                <button
                  type="button"
                  onClick={editor.discard}
                  disabled={!editor.dirty || editor.saving}
                  className={buttonClass.secondary}
                >
                  {t('discard')}
                </button>
                <button
                  type="submit"
                  disabled={!editor.dirty || editor.saving}
                  className={buttonClass.primary}
                >
                  {editor.saving ? t('saving') : t('save')}
                </button>
              </div>
            </div>
          </div>
        </form>
      </div>
      <aside className="min-w-0 xl:sticky xl:top-4 xl:self-start">
        <SitePreview
          siteId={site.id}
          siteName={site.name}
          color={form.launcherColor}
          savedColor={site.settings.launcherColor}
          position={form.launcherPosition}
          label={form.launcherLabel}
          version={editor.version}
        />
      </aside>
    </div>
  );
}
