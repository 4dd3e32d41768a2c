import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { locales } from './locales';

const messagesDir = path.resolve(__dirname, '../../messages');

type Tree = { [key: string]: string | Tree };

/** Sample values every message must format with, in every locale. */
const SAMPLE = { count: 2, seconds: 5, text: 'x', time: 'y', site: 'z' } as const;

/** Counts that walk through every plural branch a locale actually uses for whole numbers. */
const COUNTS = [0, 1, 2, 3, 4, 5, 7, 11, 12, 14, 21, 22, 25, 99, 100, 101, 102, 111, 1000];

/**
 * Non-English values that may legitimately equal the English one (identifiers, product names),
 * as `locale:key` or `*:key`. Keep this list short: everything a visitor reads should be translated.
 */
const SAME_AS_ENGLISH_ALLOWED = new Set<string>([]);

function load(locale: string): Tree {
  const file = path.join(messagesDir, `${locale}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Tree;
  } catch (error) {
    throw new Error(`${file}: ${error}`);
  }
}

/** Flattens the message tree into dotted keys → ICU message strings. */
function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const dotted = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(dotted, value);
    else if (value && typeof value === 'object' && !Array.isArray(value)) flatten(value, dotted, out);
    else throw new Error(`${dotted}: expected a string or an object, got ${JSON.stringify(value)}`);
  }
  return out;
}

type Analysis = {
  /** Every argument and tag name used anywhere in the message. */
  names: Set<string>;
  /** Arguments by the kind of value they need. */
  strings: Set<string>;
  numbers: Set<string>;
  dates: Set<string>;
  tags: Set<string>;
  plurals: Array<{ name: string; ordinal: boolean; options: string[] }>;
};

function analyse(elements: MessageFormatElement[], acc?: Analysis): Analysis {
  const a: Analysis = acc ?? {
    names: new Set(),
    strings: new Set(),
    numbers: new Set(),
    dates: new Set(),
    tags: new Set(),
    plurals: [],
  };
  for (const el of elements) {
    switch (el.type) {
      case TYPE.argument:
        a.names.add(el.value);
        a.strings.add(el.value);
        break;
      case TYPE.number:
        a.names.add(el.value);
        a.numbers.add(el.value);
        break;
      case TYPE.date:
      case TYPE.time:
        a.names.add(el.value);
        a.dates.add(el.value);
        break;
      case TYPE.select:
        a.names.add(el.value);
        a.strings.add(el.value);
        for (const option of Object.values(el.options)) analyse(option.value, a);
        break;
      case TYPE.plural:
        a.names.add(el.value);
        a.numbers.add(el.value);
        a.plurals.push({
          name: el.value,
          ordinal: el.pluralType === 'ordinal',
          options: Object.keys(el.options),
        });
        for (const option of Object.values(el.options)) analyse(option.value, a);
        break;
      case TYPE.tag:
        a.names.add(el.value);
        a.tags.add(el.value);
        analyse(el.children, a);
        break;
      default:
        break;
    }
  }
  return a;
}

/** Values that satisfy every argument of the message: the shared samples, typed where a type is required. */
function valuesFor(a: Analysis, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const name of a.strings) values[name] = SAMPLE[name as keyof typeof SAMPLE] ?? name;
  for (const name of a.numbers) {
    const sample = SAMPLE[name as keyof typeof SAMPLE];
    values[name] = typeof sample === 'number' ? sample : 2;
  }
  for (const name of a.dates) values[name] = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
  for (const name of a.tags) values[name] = (chunks: unknown[]) => chunks.join('');
  return { ...values, ...overrides };
}

function format(message: string, locale: string, values: Record<string, unknown>): string {
  const result = new IntlMessageFormat(message, locale).format(values as never);
  return Array.isArray(result) ? result.join('') : String(result);
}

const sorted = (set: Iterable<string>) => [...set].sort();

const english = flatten(load('en'));
const englishAnalysis = new Map([...english].map(([key, message]) => [key, analyse(parse(message))]));

describe('messages', () => {
  it('lists English first among the locales', () => {
    expect(locales[0]).toBe('en');
  });

  describe.each([...locales])('%s', (locale) => {
    const messages = flatten(load(locale));

    it('has exactly the keys of en.json', () => {
      expect(sorted(messages.keys())).toEqual(sorted(english.keys()));
    });

    it('parses as ICU and uses the same arguments as English', () => {
      for (const [key, message] of messages) {
        const expected = englishAnalysis.get(key);
        if (!expected) continue;
        let analysis: Analysis;
        try {
          analysis = analyse(parse(message));
        } catch (error) {
          throw new Error(`${locale} ${key}: invalid ICU message ${JSON.stringify(message)}: ${error}`);
        }
        expect(sorted(analysis.names), `${locale} ${key}`).toEqual(sorted(expected.names));
        expect(sorted(analysis.numbers), `${locale} ${key} (numeric arguments)`).toEqual(
          sorted(expected.numbers),
        );
      }
    });

    it('uses only the plural categories of the language, always with `other`', () => {
      for (const [key, message] of messages) {
        for (const plural of analyse(parse(message)).plurals) {
          const rules = new Intl.PluralRules(locale, { type: plural.ordinal ? 'ordinal' : 'cardinal' });
          const categories = new Set<string>(rules.resolvedOptions().pluralCategories);
          const where = `${locale} ${key} {${plural.name}}`;
          expect(plural.options, where).toContain('other');
          for (const option of plural.options) {
            if (!option.startsWith('=')) expect([...categories], `${where}: “${option}”`).toContain(option);
          }
          for (const n of COUNTS) {
            const category = rules.select(n);
            const covered = plural.options.includes(`=${n}`) || plural.options.includes(category);
            expect(covered, `${where}: ${n} selects “${category}”, which has no branch`).toBe(true);
          }
        }
      }
    });

    it('formats every message with sample values', () => {
      for (const [key, message] of messages) {
        const analysis = analyse(parse(message));
        const where = `${locale} ${key}`;
        const output = format(message, locale, valuesFor(analysis));
        expect(typeof output, where).toBe('string');
        expect(output.length, where).toBeGreaterThan(0);

        // Every counted message must format for all the counts that reach its branches.
        for (const n of COUNTS) {
          const counts = Object.fromEntries([...analysis.numbers].map((name) => [name, n]));
          expect(
            () => format(message, locale, valuesFor(analysis, counts)),
            `${where} with ${n}`,
          ).not.toThrow();
        }

        // A stray apostrophe can silently quote a placeholder away: each text argument must show up.
        const markers = Object.fromEntries([...analysis.strings].map((name) => [name, `⟦${name}⟧`]));
        const marked = format(message, locale, valuesFor(analysis, markers));
        for (const name of analysis.strings) {
          expect(marked, `${where}: {${name}} is missing from the output`).toContain(`⟦${name}⟧`);
        }
      }
    });
  });

  // Translations compared with the English they translate (English itself has nothing to compare).
  describe.each(locales.filter((locale) => locale !== 'en'))('%s against English', (locale) => {
    const messages = flatten(load(locale));

    it('translates every message longer than 12 characters', () => {
      const untranslated = [...messages].filter(
        ([key, message]) =>
          message.length > 12 &&
          message === english.get(key) &&
          !SAME_AS_ENGLISH_ALLOWED.has(`${locale}:${key}`) &&
          !SAME_AS_ENGLISH_ALLOWED.has(`*:${key}`),
      );
      expect(untranslated.map(([key]) => key)).toEqual([]);
    });

    it('uses typographic quotes where English does', () => {
      for (const [key, message] of messages) {
        if (/[“”]/.test(english.get(key) ?? '')) expect(message, `${locale} ${key}`).not.toMatch(/"/);
      }
    });
  });
});
