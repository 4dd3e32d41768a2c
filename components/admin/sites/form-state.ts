import type { ApiSiteRead, SiteSettingKey } from '@/lib/contracts/admin';

/**
 * A site's settings as the form holds them: text as typed (lists one item a line, numbers as
 * text), turned into what the API takes only when saving, so that nothing the owner types is lost
 * or reformatted under their fingers.
 */
export type SiteForm = {
  name: string;
  systemPrompt: string;
  model: string;
  fallbackModels: string;
  temperature: string;
  greeting: string;
  starters: string[];
  launcherColor: string;
  launcherPosition: 'left' | 'right';
  launcherLabel: string;
  avatarUrl: string;
  defaultLocale: string;
  allowedOrigins: string;
  rateLimitVisitorPerMinute: string;
  rateLimitIpPerMinute: string;
  retentionDays: string;
  knowledgeTopK: string;
  knowledgeChunkTokens: string;
  knowledgeChunkOverlap: string;
};
export type FormKey = keyof SiteForm;

export const MAX_STARTERS = 4;

/** The settings whose `null` is a value of their own (PATCH cannot put them back to the environment). */
export const NULL_IS_A_VALUE: ReadonlySet<FormKey> = new Set(['temperature', 'avatarUrl', 'retentionDays']);

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

export function formOf(site: ApiSiteRead): SiteForm {
  const s = site.settings;
  const starters = s.starters.slice(0, MAX_STARTERS);
  return {
    name: site.name,
    systemPrompt: s.systemPrompt,
    model: s.model,
    fallbackModels: s.fallbackModels.join('\n'),
    temperature: s.temperature === null ? '' : String(s.temperature),
    greeting: s.greeting,
    starters: [...starters, ...Array(MAX_STARTERS - starters.length).fill('')],
    launcherColor: s.launcherColor,
    launcherPosition: s.launcherPosition,
    launcherLabel: s.launcherLabel,
    avatarUrl: s.avatarUrl ?? '',
    defaultLocale: s.defaultLocale,
    allowedOrigins: s.allowedOrigins.join('\n'),
    rateLimitVisitorPerMinute: String(s.rateLimitVisitorPerMinute),
    rateLimitIpPerMinute: String(s.rateLimitIpPerMinute),
    retentionDays: s.retentionDays === null ? '' : String(s.retentionDays),
    knowledgeTopK: String(s.knowledgeTopK),
    knowledgeChunkTokens: String(s.knowledgeChunkTokens),
    knowledgeChunkOverlap: String(s.knowledgeChunkOverlap),
  };
}

/** A problem found before asking the API: a number field that holds no number. */
export type LocalProblem = 'number' | 'required';

type Value = { ok: true; value: unknown } | { ok: false; problem: LocalProblem };

function number(text: string, required: boolean): Value {
  const trimmed = text.trim();
  if (trimmed === '') return required ? { ok: false, problem: 'required' } : { ok: true, value: null };
  const value = Number(trimmed);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, problem: 'number' };
}

/** What the API takes for one field of the form. */
export function apiValue(form: SiteForm, key: FormKey): Value {
  switch (key) {
    case 'name':
      return { ok: true, value: form.name.trim() };
    case 'fallbackModels':
    case 'allowedOrigins':
      return { ok: true, value: lines(form[key]) };
    case 'starters':
      return { ok: true, value: form.starters.map((s) => s.trim()).filter(Boolean) };
    case 'avatarUrl':
      return { ok: true, value: form.avatarUrl.trim() || null };
    case 'temperature':
    case 'retentionDays':
      return number(form[key], false);
    case 'rateLimitVisitorPerMinute':
    case 'rateLimitIpPerMinute':
    case 'knowledgeTopK':
    case 'knowledgeChunkTokens':
    case 'knowledgeChunkOverlap':
      return number(form[key], true);
    default:
      return { ok: true, value: form[key] };
  }
}

const formKeys = (form: SiteForm) => Object.keys(form) as FormKey[];

function savedValue(site: ApiSiteRead, key: FormKey): unknown {
  return key === 'name' ? site.name : site.settings[key];
}

export type Pending = {
  /** The body of PATCH /api/admin/sites/{id}: only what changed. */
  body: { name?: string; settings: Partial<Record<SiteSettingKey, unknown>> };
  changed: FormKey[];
  problems: Partial<Record<FormKey, LocalProblem>>;
};

/** What differs between the form and the saved site, as the API takes it. */
export function pendingChanges(form: SiteForm, site: ApiSiteRead): Pending {
  const pending: Pending = { body: { settings: {} }, changed: [], problems: {} };
  for (const key of formKeys(form)) {
    const result = apiValue(form, key);
    if (!result.ok) {
      pending.problems[key] = result.problem;
      pending.changed.push(key);
      continue;
    }
    if (JSON.stringify(result.value) === JSON.stringify(savedValue(site, key))) continue;
    pending.changed.push(key);
    if (key === 'name') pending.body.name = result.value as string;
    else pending.body.settings[key] = result.value;
  }
  return pending;
}

/** The form after a save or a reset: the saved values, with the owner's other edits kept. */
export function rebase(form: SiteForm, before: ApiSiteRead, after: ApiSiteRead, keys: FormKey[]): SiteForm {
  const fresh = formOf(after);
  const edited = pendingChanges(form, before).changed;
  const next = { ...form } as Record<FormKey, unknown>;
  for (const key of formKeys(form)) {
    if (keys.includes(key) || !edited.includes(key)) next[key] = fresh[key];
  }
  return next as SiteForm;
}

/** One invalid field in a 400 of the admin API: `settings.starters.2` is the third starter. */
export type FieldProblem = { field: string; index: number | null; message: string };

export function fieldProblems(details: unknown): FieldProblem[] {
  if (!Array.isArray(details)) return [];
  const out: FieldProblem[] = [];
  for (const item of details) {
    if (typeof item !== 'object' || item === null) continue;
    const { path, message } = item as { path?: unknown; message?: unknown };
    if (typeof path !== 'string' || typeof message !== 'string') continue;
    const parts = path.split('.');
    if (parts[0] === 'settings') parts.shift();
    const index = parts[1] !== undefined && /^\d+$/.test(parts[1]) ? Number(parts[1]) : null;
    out.push({ field: parts[0] ?? '', index, message });
  }
  return out;
}

/** The API's English words as a sentence: "must not be empty" → "Must not be empty." */
export function sentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  const capital = text[0].toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
