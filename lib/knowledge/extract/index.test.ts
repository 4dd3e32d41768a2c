import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { ExtractError, type Extracted, extractFile } from './index';

const fixtures = join(import.meta.dirname, '../../../e2e/fixtures/knowledge');
const fixture = async (name: string) => new Uint8Array(await readFile(join(fixtures, name)));

async function refusal(promise: Promise<Extracted>): Promise<ExtractError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractError);
  return error as ExtractError;
}

const sectionWith = (extracted: Extracted, words: string) =>
  extracted.sections.find((section) => section.text.includes(words));

describe('extractFile: PDF', () => {
  it('keeps pages and the heading path, with the title from the metadata', async () => {
    const started = performance.now();
    const pdf = await extractFile(await fixture('manual.pdf'), 'manual.pdf');
    expect(performance.now() - started).toBeLessThan(5000);
    expect(pdf.title).toBe('Zephyr 9 Kettle Manual');
    expect(pdf.sections.map((s) => s.page)).toEqual([1, 2, 2, 3]);
    expect(sectionWith(pdf, 'warranty lasts 7 years')).toMatchObject({
      headings: ['Warranty', 'Coverage'],
      page: 2,
    });
    expect(sectionWith(pdf, 'Gallowmere')?.headings).toEqual(['Warranty', 'Claims']);
    expect(sectionWith(pdf, 'Fennimore Rinse')).toMatchObject({ headings: ['Descaling'], page: 3 });
  });

  it('joins wrapped lines into paragraphs and keeps paragraphs apart', async () => {
    const pdf = await extractFile(await fixture('manual.pdf'), 'manual.pdf');
    expect(pdf.sections[0].text).toBe(
      'The Zephyr 9 kettle boils 1.7 litres of water in 94 seconds. Every kettle is assembled by hand in the village of Quillmarsh.\n\nThe lid hinge is made of brindlecopper, an alloy that does not tarnish.',
    );
  });

  it('leaves the caller’s bytes usable', async () => {
    const bytes = await fixture('manual.pdf');
    await extractFile(bytes, 'manual.pdf');
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect((await extractFile(bytes, 'manual.pdf')).sections).toHaveLength(4);
  });

  it('refuses a PDF without text, as a scan would be', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const error = await refusal(extractFile(await doc.save(), 'scan.pdf'));
    expect(error.code).toBe('no_text');
    expect(error.message).toContain('scan.pdf contains no text');
    expect(error.message).toContain('OCR');
  });

  it('refuses a damaged PDF', async () => {
    const error = await refusal(extractFile(new TextEncoder().encode('%PDF-1.7 garbage'), 'broken.pdf'));
    expect(error.code).toBe('no_text');
    expect(error.message).toContain('broken.pdf could not be read as a PDF');
  });
});

describe('extractFile: Word', () => {
  it('splits at headings, keeping the path and the lists', async () => {
    const docx = await extractFile(await fixture('handbook.docx'), 'handbook.docx');
    expect(docx.title).toBe('Orbital Bakery Staff Handbook');
    expect(sectionWith(docx, 'Marrowind sourdough')?.headings).toEqual(['Bread', 'Signature loaf']);
    expect(sectionWith(docx, 'lupin flour')?.text).toBe(
      'The pistachio glaze contains traces of lupin flour.\n\n- Sesame is used in the Tuesday seeded rolls.\n- Walnuts are used in the harvest loaf.',
    );
    expect(sectionWith(docx, 'Kestrel brothers')?.headings).toEqual(['Opening hours']);
  });

  it('refuses a file that is not a .docx', async () => {
    const error = await refusal(extractFile(new TextEncoder().encode('not a zip'), 'old.docx'));
    expect(error.code).toBe('no_text');
    expect(error.message).toContain('old.docx could not be read as a Word document');
  });
});

describe('extractFile: Markdown, HTML and text', () => {
  it('reads the Markdown fixture with its code block whole', async () => {
    const md = await extractFile(await fixture('guide.md'), 'guide.md');
    expect(md.title).toBe('Glimmerfin Pump Guide');
    expect(md.sections.map((s) => s.headings)).toEqual([
      ['Glimmerfin Pump Guide'],
      ['Glimmerfin Pump Guide', 'Installation'],
      ['Glimmerfin Pump Guide', 'Installation', 'Wiring'],
      ['Glimmerfin Pump Guide', 'Troubleshooting'],
    ]);
    expect(sectionWith(md, 'Tovalik')?.text).toContain(
      '```sh\nglimmerctl reset --depth=12\n\n# This line is a comment in the code, not a heading.\nglimmerctl status\n```',
    );
  });

  it('reads the HTML fixture without its scripts, styles and navigation', async () => {
    const html = await extractFile(await fixture('article.html'), 'article.html');
    const all = html.sections.map((s) => s.text).join('\n');
    expect(html.title).toContain('Saltcombe Lighthouse Tours');
    expect(all).toContain('14 florins');
    expect(all).not.toMatch(/SCRIPTDECOY|STYLEDECOY|NAVDECOY/);
    expect(sectionWith(html, 'Old Wickham')?.headings).toEqual(['History', 'The lamp']);
  });

  it('reads plain text as paragraphs, whatever its line endings', async () => {
    const bytes = new TextEncoder().encode('\uFEFFFirst line\r\nstill first.\r\n\r\n\r\n\r\nSecond.  \r\n');
    expect(await extractFile(bytes, 'notes.txt')).toEqual({
      title: null,
      sections: [{ headings: [], text: 'First line\nstill first.\n\nSecond.' }],
    });
  });

  it('decodes by byte-order mark and by charset', async () => {
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ...new Uint8Array(new Uint16Array([...'Olá'].map((c) => c.charCodeAt(0))).buffer),
    ]);
    expect((await extractFile(utf16, 'a.txt')).sections[0].text).toBe('Olá');
    const latin1 = new Uint8Array([0x43, 0x61, 0x66, 0xe9]);
    expect((await extractFile(latin1, 'a.txt', 'text/plain; charset=windows-1252')).sections[0].text).toBe(
      'Café',
    );
  });

  it('falls back on the content type when the name has no known extension', async () => {
    const md = await extractFile(new TextEncoder().encode('# Hello\n\nWorld'), 'download', 'text/markdown');
    expect(md.sections).toEqual([{ headings: ['Hello'], text: 'World' }]);
  });

  it('refuses other kinds of files, naming the ones it reads', async () => {
    const error = await refusal(extractFile(new Uint8Array([1, 2, 3]), 'notes.rtf', 'application/rtf'));
    expect(error.code).toBe('unsupported_file');
    expect(error.message).toBe(
      'notes.rtf is not a file Parley can read; it reads PDF (.pdf), Word (.docx), Markdown (.md), HTML (.html) and plain text (.txt) files',
    );
  });

  it('refuses an empty file', async () => {
    const error = await refusal(extractFile(new TextEncoder().encode(' \n\n '), 'empty.md'));
    expect(error.code).toBe('no_text');
    expect(error.message).toBe('empty.md contains no text that Parley can read');
  });
});
