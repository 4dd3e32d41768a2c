'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'use-intl';
import type { SourceCreate } from '@/lib/contracts/knowledge';
import { AdminApiError } from '../api';
import { fieldProblems, sentence } from '../sites/form-state';
import { useApiErrorText } from '../ui';
import type { KnowledgeCalls } from './calls';

export type AddProps = {
  calls: KnowledgeCalls;
  onAdded: (id: string) => void;
  announce: (text: string) => void;
};

/**
 * Sends one of the JSON sources (web page, text, question). A refusal marks its fields with the
 * API's words and focuses the first; what is not about a field shows under the form.
 */
export function useAdd(props: AddProps) {
  const t = useTranslations('console.knowledge');
  const errorText = useApiErrorText();
  const form = useRef<HTMLFormElement>(null);
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  // Once the refusal is drawn, the first field to fix takes the focus and says what is wrong.
  useEffect(() => {
    if (Object.keys(errors).length > 0)
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const submit = async (body: SourceCreate, title: string): Promise<boolean> => {
    // Enter in a field submits too: one source per click, not one per key press.
    if (inFlight.current) return false;
    inFlight.current = true;
    setBusy(true);
    setErrors({});
    setOther(null);
    setAdded(null);
    try {
      const created = await props.calls.add(body);
      const text = t('added', { title });
      setAdded(text);
      props.announce(text);
      props.onAdded(created.id);
      return true;
    } catch (caught) {
      const found: Record<string, string> = {};
      if (caught instanceof AdminApiError && caught.status === 400) {
        for (const problem of fieldProblems(caught.details))
          found[problem.field] ??= sentence(problem.message);
      }
      setErrors(found);
      if (Object.keys(found).length === 0) setOther(errorText(caught));
      return false;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  return { form, busy, errors, other, added, submit };
}
