'use client';

import { useTranslations } from 'use-intl';
import { inputClass } from '../ui';
import { type Binding, SettingField, SettingsSection, TextSetting } from './setting-field';

/** What the assistant knows and which model answers. */
export function AssistantSection({ b }: { b: Binding }) {
  const t = useTranslations('console.site');
  return (
    <SettingsSection id="site-assistant" title={t('sectionAssistant')} intro={t('sectionAssistantIntro')}>
      <TextSetting b={b} k="name" label={t('name')} hint={t('nameHint')} input={{ maxLength: 80 }} />
      <TextSetting
        b={b}
        k="systemPrompt"
        label={t('systemPrompt')}
        hint={t('systemPromptHint')}
        multiline={8}
      />
      <TextSetting b={b} k="model" label={t('model')} hint={t('modelHint')} mono input={{ maxLength: 200 }} />
      <TextSetting
        b={b}
        k="fallbackModels"
        label={t('fallbackModels')}
        hint={t('fallbackModelsHint')}
        multiline={3}
        mono
      />
      <TextSetting
        b={b}
        k="temperature"
        label={t('temperature')}
        hint={t('temperatureHint')}
        narrow
        input={{ type: 'number', min: 0, max: 2, step: 0.1, inputMode: 'decimal' }}
      />
    </SettingsSection>
  );
}

/** What a visitor sees before writing: the greeting and the starter questions. */
export function StartSection({ b }: { b: Binding }) {
  const t = useTranslations('console.site');
  const state = b.state('starters');
  return (
    <SettingsSection id="site-start" title={t('sectionStart')} intro={t('sectionStartIntro')}>
      <TextSetting b={b} k="greeting" label={t('greeting')} hint={t('greetingHint')} multiline={2} />
      <SettingField {...state} label={t('starters')} hint={t('startersHint')} group>
        {({ invalid }) => (
          <ol className="grid gap-2 sm:grid-cols-2">
            {b.form.starters.map((starter, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the four slots are fixed; their place is their identity.
              <li key={index} className="flex items-center gap-2">
                <span aria-hidden="true" className="w-4 shrink-0 text-end text-sm text-muted tabular-nums">
                  {index + 1}
                </span>
                <input
                  name={`starter-${index + 1}`}
                  aria-label={t('starterN', { n: index + 1 })}
                  aria-invalid={invalid || undefined}
                  maxLength={120}
                  autoComplete="off"
                  value={starter}
                  onChange={(e) =>
                    b.set(
                      'starters',
                      b.form.starters.map((s, i) => (i === index ? e.target.value : s)),
                    )
                  }
                  className={inputClass}
                />
              </li>
            ))}
          </ol>
        )}
      </SettingField>
    </SettingsSection>
  );
}
