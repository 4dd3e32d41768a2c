'use client';

import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslations } from 'use-intl';
import { buttonClass, ErrorAlert, Field, inputClass } from '../ui';
import { type AddProps, useAdd } from './use-add';

const textareaClass = `${inputClass} py-2 leading-6`;

function Footer(props: { busy: boolean; label: string; added: string | null; other: string | null }) {
  const t = useTranslations('console.knowledge');
  return (
    <div className="flex flex-col gap-3">
      {props.other ? <ErrorAlert>{props.other}</ErrorAlert> : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={props.busy} className={buttonClass.primary}>
          {props.busy ? t('adding') : props.label}
        </button>
        {/* Announced by the page's live region; shown here for whoever looks. */}
        {props.added ? <p className="text-sm text-muted">{props.added}</p> : null}
      </div>
    </div>
  );
}

function TextField(props: {
  label: string;
  hint?: ReactNode;
  error?: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  type?: 'url' | 'text';
}) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {({ id, describedBy, invalid }) => {
        const common = {
          id,
          name: props.name,
          value: props.value,
          'aria-describedby': describedBy,
          'aria-invalid': invalid || undefined,
          autoComplete: 'off',
        };
        return props.rows ? (
          <textarea
            {...common}
            rows={props.rows}
            onChange={(e) => props.onChange(e.target.value)}
            className={textareaClass}
          />
        ) : (
          <input
            {...common}
            type={props.type ?? 'text'}
            onChange={(e) => props.onChange(e.target.value)}
            className={inputClass}
          />
        );
      }}
    </Field>
  );
}

/** A web page, or a whole site through its sitemap. */
export function UrlForm(props: AddProps) {
  const t = useTranslations('console.knowledge');
  const add = useAdd(props);
  const [url, setUrl] = useState('');
  const [crawl, setCrawl] = useState<'page' | 'sitemap'>('page');
  const [title, setTitle] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { type: 'url' as const, url: url.trim(), crawl, ...(title.trim() ? { title } : {}) };
    if (await add.submit(body, title.trim() || url.trim())) {
      setUrl((now) => (now === url ? '' : now));
      setTitle((now) => (now === title ? '' : now));
    }
  };

  return (
    <form ref={add.form} onSubmit={submit} noValidate className="flex flex-col gap-4">
      <TextField
        label={t('url')}
        hint={t('urlHint')}
        error={add.errors.url}
        name="url"
        type="url"
        value={url}
        onChange={setUrl}
      />
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium text-fg">{t('crawl')}</legend>
        {(['page', 'sitemap'] as const).map((value) => (
          <label key={value} className="flex cursor-pointer items-start gap-2 text-sm">
            <input
              type="radio"
              name="crawl"
              value={value}
              checked={crawl === value}
              onChange={() => setCrawl(value)}
              className="mt-1 size-4 accent-accent"
            />
            <span>
              <span className="font-medium text-fg">
                {value === 'page' ? t('crawlPage') : t('crawlSitemap')}
              </span>
              <span className="block text-muted">
                {value === 'page' ? t('crawlPageHint') : t('crawlSitemapHint')}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <TextField
        label={t('urlTitle')}
        hint={t('urlTitleHint')}
        error={add.errors.title}
        name="title"
        value={title}
        onChange={setTitle}
      />
      <Footer
        busy={add.busy}
        label={crawl === 'page' ? t('addUrl') : t('addSite')}
        added={add.added}
        other={add.other}
      />
    </form>
  );
}

/** A text written or pasted in the console. */
export function TextForm(props: AddProps) {
  const t = useTranslations('console.knowledge');
  const add = useAdd(props);
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await add.submit({ type: 'text', title, text }, title.trim())) {
      setTitle((now) => (now === title ? '' : now));
      setText((now) => (now === text ? '' : now));
    }
  };

  return (
    <form ref={add.form} onSubmit={submit} noValidate className="flex flex-col gap-4">
      <TextField
        label={t('textTitle')}
        hint={t('textTitleHint')}
        error={add.errors.title}
        name="title"
        value={title}
        onChange={setTitle}
      />
      <TextField
        label={t('text')}
        error={add.errors.text}
        name="text"
        rows={8}
        value={text}
        onChange={setText}
      />
      <Footer busy={add.busy} label={t('addText')} added={add.added} other={add.other} />
    </form>
  );
}

/** A question and its answer, as a visitor would ask it. */
export function QaForm(props: AddProps) {
  const t = useTranslations('console.knowledge');
  const add = useAdd(props);
  const [question, setQuestion] = useState('');
  const [answer, setAnswer] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await add.submit({ type: 'qa', question, answer }, question.trim())) {
      setQuestion((now) => (now === question ? '' : now));
      setAnswer((now) => (now === answer ? '' : now));
    }
  };

  return (
    <form ref={add.form} onSubmit={submit} noValidate className="flex flex-col gap-4">
      <TextField
        label={t('question')}
        hint={t('questionHint')}
        error={add.errors.question}
        name="question"
        value={question}
        onChange={setQuestion}
      />
      <TextField
        label={t('answer')}
        error={add.errors.answer}
        name="answer"
        rows={6}
        value={answer}
        onChange={setAnswer}
      />
      <Footer busy={add.busy} label={t('addQa')} added={add.added} other={add.other} />
    </form>
  );
}
