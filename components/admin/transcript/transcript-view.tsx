'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useFormatter, useTranslations } from 'use-intl';
import { type ApiTranscript, apiTranscript } from '@/lib/contracts/admin';
import { AdminApiError, adminApi } from '../api';
import { ConfirmDialog } from '../confirm-dialog';
import { BackLink, NotReady } from '../page-state';
import { buttonClass, useApiErrorText } from '../ui';
import { MessageCard } from './message-card';

const POLL_MS = 2000;

type State =
  | { phase: 'loading' }
  | { phase: 'missing' }
  | { phase: 'error'; error: string }
  | { phase: 'ready'; transcript: ApiTranscript };

/** One conversation with what each answer cost; read again every 2 s while an answer streams. */
export function TranscriptView(props: { id: string }) {
  const t = useTranslations('console.transcript');
  const tc = useTranslations('console.common');
  const format = useFormatter();
  const router = useRouter();
  const errorText = useApiErrorText();
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState<{ busy: boolean; error: string | null }>({
    busy: false,
    error: null,
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks for the transcript again.
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const transcript = await adminApi('GET', `/api/admin/conversations/${props.id}`, apiTranscript, {
          signal: abort.signal,
        });
        setState({ phase: 'ready', transcript });
        if (transcript.messages.some((m) => m.status === 'streaming')) timer = setTimeout(load, POLL_MS);
      } catch (error) {
        if (abort.signal.aborted) return;
        if (error instanceof AdminApiError && error.status === 404) setState({ phase: 'missing' });
        else setState({ phase: 'error', error: errorText(error) });
      }
    };
    load();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [props.id, attempt]);

  const remove = async () => {
    setDeleting({ busy: true, error: null });
    try {
      await adminApi('DELETE', `/api/admin/conversations/${props.id}`, null);
      setConfirming(false);
      router.push('/admin');
    } catch (error) {
      if (error instanceof AdminApiError && error.status === 404) {
        router.push('/admin');
        return;
      }
      setDeleting({ busy: false, error: errorText(error) });
    }
  };

  const back = <BackLink href="/admin">{t('back')}</BackLink>;

  if (state.phase !== 'ready') {
    return (
      <NotReady
        state={state}
        back={back}
        heading={t('messagesHeading')}
        loading={t('loading')}
        notFound={t('notFound')}
        onRetry={() => setAttempt((n) => n + 1)}
      />
    );
  }

  const { conversation, messages } = state.transcript;
  const streaming = messages.some((m) => m.status === 'streaming');
  const when = (iso: string | null) =>
    iso ? format.dateTime(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' }) : tc('noValue');
  const facts: Array<[string, string, boolean?]> = [
    [t('site'), conversation.siteId, true],
    [t('language'), conversation.locale ?? tc('noValue')],
    [t('started'), when(conversation.createdAt)],
    [t('lastActivity'), when(conversation.updatedAt)],
    [t('messageCount'), format.number(messages.length)],
    [t('conversationId'), conversation.id, true],
    [t('visitorId'), conversation.visitorId, true],
  ];
  // A visitor the host site signed in: who, as the site named them.
  if (conversation.userId) {
    const who = [conversation.userName, conversation.userEmail].filter(Boolean).join(' · ');
    facts.splice(0, 0, [t('signedInAs'), who ? `${who} (${conversation.userId})` : conversation.userId]);
  }

  return (
    <>
      <div className="mb-4">{back}</div>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <h1 className="min-w-0 text-2xl font-semibold tracking-tight break-words">
          {conversation.title ?? t('messagesHeading')}
        </h1>
        <button type="button" className={buttonClass.danger} onClick={() => setConfirming(true)}>
          {t('delete')}
        </button>
      </div>
      <dl className="mb-8 grid grid-cols-2 gap-x-6 gap-y-3 rounded-xl border border-border bg-surface p-4 text-sm lg:grid-cols-3">
        {facts.map(([label, value, mono]) => (
          <div key={label} className="min-w-0">
            <dt className="text-muted">{label}</dt>
            <dd className={`truncate font-medium ${mono ? 'font-mono text-xs leading-5' : ''}`}>{value}</dd>
          </div>
        ))}
      </dl>
      <h2 className="mb-3 text-lg font-semibold">{t('messagesHeading')}</h2>
      <p role="status" className={streaming ? 'mb-3 text-sm text-warning' : undefined}>
        {streaming ? t('streaming') : ''}
      </p>
      <ol className="flex flex-col gap-3">
        {messages.map((message) => (
          <MessageCard key={message.id} message={message} />
        ))}
      </ol>
      <ConfirmDialog
        open={confirming}
        title={t('deleteTitle')}
        body={t('deleteBody')}
        confirmLabel={t('deleteConfirm')}
        busyLabel={t('deleting')}
        busy={deleting.busy}
        error={deleting.error}
        onConfirm={remove}
        onCancel={() => {
          setConfirming(false);
          setDeleting({ busy: false, error: null });
        }}
      />
    </>
  );
}
