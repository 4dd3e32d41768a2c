import { describe, expect, it } from 'vitest';
import type { ApiSiteRead } from '@/lib/contracts/admin';
import { fieldProblems, formOf, pendingChanges, rebase, sentence } from './form-state';

const site: ApiSiteRead = {
  id: 'shop',
  name: 'Example Shoes',
  settings: {
    systemPrompt: 'You help shoppers.',
    model: 'gpt-4o-mini',
    fallbackModels: ['gpt-4o'],
    temperature: null,
    greeting: '',
    starters: ['Where is my order?'],
    launcherColor: '#4338ca',
    launcherPosition: 'right',
    launcherLabel: '',
    avatarUrl: null,
    defaultLocale: 'en',
    allowedOrigins: ['https://shoes.example'],
    rateLimitVisitorPerMinute: 20,
    rateLimitIpPerMinute: 60,
    retentionDays: null,
    knowledgeTopK: 8,
    knowledgeChunkTokens: 800,
    knowledgeChunkOverlap: 400,
    identityRequired: false,
  },
  sources: {},
  embedSnippet: '<script></script>',
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
};

describe("a site's settings form", () => {
  it('holds the saved site with nothing to save', () => {
    const form = formOf(site);
    expect(form.starters).toEqual(['Where is my order?', '', '', '']);
    expect(form.temperature).toBe('');
    expect(pendingChanges(form, site)).toEqual({ body: { settings: {} }, changed: [], problems: {} });
  });

  it('sends only what changed, as the API takes it', () => {
    const form = {
      ...formOf(site),
      name: '  Shoes  ',
      starters: ['Where is my order?', '', ' Returns? ', ''],
      allowedOrigins: 'https://shoes.example\n\n  https://www.shoes.example \n',
      temperature: '0.4',
      retentionDays: '',
    };
    const pending = pendingChanges(form, site);
    expect(pending.body).toEqual({
      name: 'Shoes',
      settings: {
        starters: ['Where is my order?', 'Returns?'],
        allowedOrigins: ['https://shoes.example', 'https://www.shoes.example'],
        temperature: 0.4,
      },
    });
    expect(pending.changed).toEqual(['name', 'temperature', 'starters', 'allowedOrigins']);
  });

  it('finds a rate limit left empty before asking the API', () => {
    const pending = pendingChanges({ ...formOf(site), rateLimitIpPerMinute: ' ' }, site);
    expect(pending.problems).toEqual({ rateLimitIpPerMinute: 'required' });
    expect(pending.body.settings).toEqual({});
  });

  it('after a save, takes the saved values and keeps other edits', () => {
    const after = { ...site, settings: { ...site.settings, greeting: 'Hi!', model: 'gpt-4.1' } };
    const form = { ...formOf(site), greeting: 'Hi!', launcherLabel: 'Ask us' };
    const next = rebase(form, site, after, ['greeting']);
    // Saved: the greeting; changed elsewhere (another tab): the model; still being edited: the label.
    expect(next).toMatchObject({ greeting: 'Hi!', model: 'gpt-4.1', launcherLabel: 'Ask us' });
  });

  it("reads the API's invalid fields, with the item of a list", () => {
    expect(
      fieldProblems([
        { path: 'settings.allowedOrigins.1', message: 'must be an origin' },
        { path: 'id', message: 'must be lower-case' },
        { nonsense: true },
      ]),
    ).toEqual([
      { field: 'allowedOrigins', index: 1, message: 'must be an origin' },
      { field: 'id', index: null, message: 'must be lower-case' },
    ]);
    expect(fieldProblems('no details')).toEqual([]);
    expect(sentence('must not be empty')).toBe('Must not be empty.');
  });
});
