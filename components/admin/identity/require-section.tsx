'use client';

import { useId, useState } from 'react';
import { useTranslations } from 'use-intl';
import { type ApiSiteRead, type IdentityAnswer, siteAnswer } from '@/lib/contracts/admin';
import { adminApi } from '../api';
import { ConfirmDialog } from '../confirm-dialog';
import { Badge, cardClass, ErrorAlert, focusRing, useApiErrorText } from '../ui';
import { Switch } from './switch';

const DEFAULT_SITE = 'default';

/**
 * Whether only signed-in visitors may chat: saved as soon as it is switched. Switching it on while
 * no secret can sign anyone asks first, since every visitor would then be refused.
 */
export function RequireSection(props: {
  site: ApiSiteRead;
  identity: IdentityAnswer;
  onSaved: (site: ApiSiteRead) => void;
}) {
  const t = useTranslations('console.identity');
  const ts = useTranslations('console.site');
  const errorText = useApiErrorText();
  const id = useId();
  const [busy, setBusy] = useState<'save' | 'reset' | null>(null);
  const [notice, setNotice] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  const [asking, setAsking] = useState(false);
  /** The value being saved, shown by the switch until the answer comes. */
  const [pending, setPending] = useState<boolean | null>(null);
  const required = props.site.settings.identityRequired;
  const source = props.site.sources.identityRequired ?? 'environment';
  const noSecret = props.identity.secrets.length === 0 && !props.identity.environmentSecret;
  const isDefault = props.site.id === DEFAULT_SITE;

  /** PATCH the site: true or false set in the console, null back to the environment's value. */
  const save = async (value: boolean | null) => {
    setBusy(value === null ? 'reset' : 'save');
    setPending(value);
    setNotice(null);
    try {
      const { site } = await adminApi(
        'PATCH',
        `/api/admin/sites/${encodeURIComponent(props.site.id)}`,
        siteAnswer,
        {
          body: { settings: { identityRequired: value } },
        },
      );
      props.onSaved(site);
      const on = site.settings.identityRequired;
      setNotice({
        kind: 'saved',
        text: value === null ? t(on ? 'resetOn' : 'resetOff') : t(on ? 'savedOn' : 'savedOff'),
      });
      setAsking(false);
      // The reset link goes away with the console's value: the focus goes to the switch.
      if (value === null) requestAnimationFrame(() => document.getElementById(id)?.focus());
    } catch (caught) {
      // Refused while the question is open: the dialog shows why, and stays.
      setNotice({ kind: 'error', text: errorText(caught) });
    } finally {
      setBusy(null);
      setPending(null);
    }
  };

  const hintId = `${id}-hint`;
  const sourceId = `${id}-source`;
  return (
    <section aria-labelledby="identity-access" className={`${cardClass} p-4 sm:p-6`}>
      <h2 id="identity-access" className="text-lg font-semibold">
        {t('accessHeading')}
      </h2>
      <p className="mt-1 text-sm text-muted">{t('accessIntro')}</p>
      <div className="mt-5 flex items-start gap-3">
        <Switch
          id={id}
          checked={pending ?? required}
          describedBy={`${sourceId} ${hintId}`}
          onChange={(on) => {
            // Not disabled while saving (the focus would leave it): a switch meanwhile waits.
            if (busy !== null) return;
            if (on && noSecret) setAsking(true);
            else save(on);
          }}
        />
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <label htmlFor={id} className="cursor-pointer text-sm font-medium text-fg">
              {t('require')}
            </label>
            <span id={sourceId} data-testid="setting-source">
              <Badge tone={source === 'console' ? 'accent' : 'muted'}>
                {source === 'console' ? ts('sourceConsole') : ts('sourceEnvironment')}
              </Badge>
            </span>
            {isDefault && source === 'console' ? (
              <button
                type="button"
                onClick={() => save(null)}
                disabled={busy !== null}
                className={`min-h-6 rounded px-1 text-xs font-medium text-accent underline underline-offset-2 hover:no-underline disabled:opacity-60 ${focusRing}`}
              >
                {busy === 'reset' ? t('usingEnvironment') : t('useEnvironment')}
              </button>
            ) : null}
          </div>
          <p id={hintId} className="text-xs text-muted">
            {t('requireHint')}
            {isDefault && source === 'environment' ? ` ${t('requireEnvironmentHint')}` : ''}
          </p>
        </div>
      </div>
      {required && noSecret ? <ErrorAlert className="mt-4">{t('lockedOut')}</ErrorAlert> : null}
      {notice?.kind === 'error' && !asking ? <ErrorAlert className="mt-4">{notice.text}</ErrorAlert> : null}
      <p
        role="status"
        className={notice?.kind === 'saved' || busy === 'save' ? 'mt-4 text-sm text-muted' : 'sr-only'}
      >
        {busy === 'save' ? t('saving') : notice?.kind === 'saved' ? notice.text : ''}
      </p>
      <ConfirmDialog
        open={asking}
        title={t('confirmTitle')}
        body={t('confirmBody')}
        confirmLabel={t('confirmRequire')}
        busyLabel={t('saving')}
        busy={busy !== null}
        error={asking && notice?.kind === 'error' ? notice.text : null}
        onConfirm={() => save(true)}
        onCancel={() => {
          setAsking(false);
          setNotice(null);
        }}
      />
    </section>
  );
}
