'use client';

import { useLocale, useTranslations } from 'use-intl';
import { normalizeHex } from '@/lib/color';
import { locales } from '@/lib/i18n/locales';
import { focusRing, inputClass } from '../ui';
import { type Binding, SettingField, SettingsSection, TextSetting } from './setting-field';

/** The launcher on the owner's pages, and the chat's colour and avatar. */
export function LookSection({ b }: { b: Binding }) {
  const t = useTranslations('console.site');
  return (
    <SettingsSection id="site-look" title={t('sectionLook')} intro={t('sectionLookIntro')}>
      <SettingField {...b.state('launcherColor')} label={t('launcherColor')} hint={t('launcherColorHint')}>
        {({ id, describedBy, invalid }) => (
          <div className="flex gap-2 sm:max-w-60">
            <input
              type="color"
              aria-label={t('colorPicker')}
              value={normalizeHex(b.form.launcherColor) ?? '#4338ca'}
              onChange={(e) => b.set('launcherColor', e.target.value)}
              className={`h-10 w-12 shrink-0 cursor-pointer rounded-lg border border-border bg-bg p-1 ${focusRing}`}
            />
            <input
              id={id}
              name="launcherColor"
              autoComplete="off"
              spellCheck={false}
              maxLength={7}
              value={b.form.launcherColor}
              onChange={(e) => b.set('launcherColor', e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              className={`${inputClass} font-mono text-sm`}
            />
          </div>
        )}
      </SettingField>
      <SettingField {...b.state('launcherPosition')} label={t('launcherPosition')} group>
        {() => (
          <div className="grid grid-cols-2 gap-1 rounded-lg border border-border bg-bg p-1 sm:max-w-sm">
            {(['right', 'left'] as const).map((side) => (
              <label
                key={side}
                className="flex min-h-8 cursor-pointer items-center justify-center rounded-md px-3 text-sm font-medium text-fg has-checked:bg-accent has-checked:text-accent-contrast has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-accent"
              >
                <input
                  type="radio"
                  name="launcherPosition"
                  value={side}
                  checked={b.form.launcherPosition === side}
                  onChange={() => b.set('launcherPosition', side)}
                  className="sr-only"
                />
                {side === 'right' ? t('positionRight') : t('positionLeft')}
              </label>
            ))}
          </div>
        )}
      </SettingField>
      <TextSetting
        b={b}
        k="launcherLabel"
        label={t('launcherLabel')}
        hint={t('launcherLabelHint')}
        input={{ maxLength: 40 }}
      />
      <TextSetting
        b={b}
        k="avatarUrl"
        label={t('avatarUrl')}
        hint={t('avatarUrlHint')}
        input={{ type: 'url', inputMode: 'url', maxLength: 500 }}
      />
    </SettingsSection>
  );
}

/** The chat's default language and the websites that may show it. */
export function AccessSection({ b }: { b: Binding }) {
  const t = useTranslations('console.site');
  const locale = useLocale();
  const names = new Intl.DisplayNames([locale], { type: 'language' });
  const current = b.form.defaultLocale;
  const choices: string[] = [...locales];
  if (!choices.includes(current)) choices.push(current);
  return (
    <SettingsSection id="site-access" title={t('sectionAccess')} intro={t('sectionAccessIntro')}>
      <SettingField {...b.state('defaultLocale')} label={t('defaultLocale')} hint={t('defaultLocaleHint')}>
        {({ id, describedBy, invalid }) => (
          <select
            id={id}
            name="defaultLocale"
            value={current}
            onChange={(e) => b.set('defaultLocale', e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            className={`${inputClass} sm:max-w-xs`}
          >
            {choices.map((tag) => (
              <option key={tag} value={tag}>
                {(locales as readonly string[]).includes(tag)
                  ? `${safeName(names, tag)} (${tag})`
                  : t('localeOther', { tag })}
              </option>
            ))}
          </select>
        )}
      </SettingField>
      <TextSetting
        b={b}
        k="allowedOrigins"
        label={t('allowedOrigins')}
        hint={t('allowedOriginsHint')}
        multiline={3}
        mono
      />
    </SettingsSection>
  );
}

/** How fast visitors may write, and how long conversations are kept. */
export function LimitsSection({ b }: { b: Binding }) {
  const t = useTranslations('console.site');
  const count = { type: 'number', min: 0, step: 1, inputMode: 'numeric' } as const;
  return (
    <SettingsSection id="site-limits" title={t('sectionLimits')} intro={t('sectionLimitsIntro')}>
      <TextSetting
        b={b}
        k="rateLimitVisitorPerMinute"
        label={t('rateLimitVisitor')}
        hint={t('rateLimitVisitorHint')}
        narrow
        input={count}
      />
      <TextSetting
        b={b}
        k="rateLimitIpPerMinute"
        label={t('rateLimitIp')}
        hint={t('rateLimitIpHint')}
        narrow
        input={count}
      />
      <TextSetting
        b={b}
        k="retentionDays"
        label={t('retentionDays')}
        hint={t('retentionDaysHint')}
        narrow
        input={{ ...count, min: 1, max: 3650 }}
      />
    </SettingsSection>
  );
}

function safeName(names: Intl.DisplayNames, tag: string): string {
  try {
    return names.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** How much of the site's knowledge an answer is given, and how documents are cut (docs/knowledge.md). */
export function KnowledgeSection({ b }: { b: Binding }) {
  const t = useTranslations('console.site');
  const count = { type: 'number', step: 1, inputMode: 'numeric' } as const;
  return (
    <SettingsSection id="site-knowledge" title={t('sectionKnowledge')} intro={t('sectionKnowledgeIntro')}>
      <TextSetting
        b={b}
        k="knowledgeTopK"
        label={t('knowledgeTopK')}
        hint={t('knowledgeTopKHint')}
        narrow
        input={{ ...count, min: 1, max: 20 }}
      />
      <TextSetting
        b={b}
        k="knowledgeChunkTokens"
        label={t('knowledgeChunkTokens')}
        hint={t('knowledgeChunkTokensHint')}
        narrow
        input={{ ...count, min: 100, max: 2000 }}
      />
      <TextSetting
        b={b}
        k="knowledgeChunkOverlap"
        label={t('knowledgeChunkOverlap')}
        hint={t('knowledgeChunkOverlapHint')}
        narrow
        input={{ ...count, min: 0, max: 1000 }}
      />
    </SettingsSection>
  );
}
