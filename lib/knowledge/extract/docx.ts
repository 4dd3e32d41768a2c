import { parseHTML } from 'linkedom';
import mammoth from 'mammoth';
import { sectionsFromDom } from './dom-sections';
import { ExtractError } from './errors';
import type { Extracted } from './types';

// Word's Title style is a heading too; images are dropped rather than inlined as base64.
const styleMap = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => p:fresh"];
const noImages = mammoth.images.imgElement(async () => ({ src: '' }));

/** A Word document through mammoth's HTML, split at its headings (Heading 1–6 and Title styles). */
export async function extractDocx(bytes: Uint8Array, name: string): Promise<Extracted> {
  let html: string;
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    html = (await mammoth.convertToHtml({ buffer }, { styleMap, convertImage: noImages })).value;
  } catch (cause) {
    throw new ExtractError(
      'no_text',
      `${name} could not be read as a Word document (.docx): it may be damaged, protected by a password, or an older .doc file`,
      { cause },
    );
  }
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const body = document.body as unknown as Element;
  const sections = sectionsFromDom(body);
  const title = document.querySelector('h1')?.textContent?.replace(/\s+/g, ' ').trim() || null;
  return { title, sections };
}
