// Writes the knowledge fixtures in e2e/fixtures/knowledge/ (committed; run again after editing):
//   node scripts/knowledge-fixtures.mjs
// Every fact is invented and worded with unusual names, so that a test question can only be
// answered from one file. e2e/fixtures/knowledge/README.md lists which file holds which fact.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const dir = join(import.meta.dirname, '..', 'e2e', 'fixtures', 'knowledge');
const FIXED_DATE = new Date('2025-01-01T00:00:00Z');

const manual = [
  {
    heading: 'Zephyr 9 Kettle: Overview',
    blocks: [
      'The Zephyr 9 kettle boils 1.7 litres of water in 94 seconds. Every kettle is assembled by hand in the village of Quillmarsh.',
      'The lid hinge is made of brindlecopper, an alloy that does not tarnish.',
    ],
  },
  {
    heading: 'Warranty',
    blocks: [
      { subheading: 'Coverage' },
      'The Zephyr 9 kettle warranty lasts 7 years from the date of purchase. It covers the heating plate and the hinge, but not damage caused by limescale.',
      { subheading: 'Claims' },
      'To make a claim, send the serial number printed under the base to the Gallowmere service desk.',
    ],
  },
  {
    heading: 'Descaling',
    blocks: [
      'Descale the Zephyr 9 every 45 days with Fennimore Rinse, a citric descaler sold in green sachets.',
      'Never use vinegar: the smell stays in the kettle for weeks.',
    ],
  },
];

function wrap(text, font, size, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

async function pdf() {
  const doc = await PDFDocument.create();
  doc.setTitle('Zephyr 9 Kettle Manual');
  doc.setCreationDate(FIXED_DATE);
  doc.setModificationDate(FIXED_DATE);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (const page of manual) {
    const p = doc.addPage([595, 842]);
    let y = 770;
    p.drawText(page.heading, { x: 60, y, size: 22, font: bold });
    y -= 40;
    for (const block of page.blocks) {
      if (typeof block !== 'string') {
        p.drawText(block.subheading, { x: 60, y, size: 15, font: bold });
        y -= 24;
        continue;
      }
      for (const line of wrap(block, regular, 12, 470)) {
        p.drawText(line, { x: 60, y, size: 12, font: regular });
        y -= 15;
      }
      y -= 14;
    }
  }
  return doc.save({ useObjectStreams: false });
}

async function docx() {
  const doc = new Document({
    creator: 'Parley fixtures',
    title: 'Orbital Bakery Staff Handbook',
    sections: [
      {
        children: [
          new Paragraph({ text: 'Orbital Bakery Staff Handbook', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: 'Opening hours', heading: HeadingLevel.HEADING_1 }),
          new Paragraph(
            'The Orbital Bakery opens at 6:40 every morning except Thursdays, when the ovens are serviced by the Kestrel brothers.',
          ),
          new Paragraph({ text: 'Bread', heading: HeadingLevel.HEADING_1 }),
          new Paragraph('Every loaf is baked in the wood-fired oven that staff call Big Ottoline.'),
          new Paragraph({ text: 'Signature loaf', heading: HeadingLevel.HEADING_2 }),
          new Paragraph(
            'Our signature loaf, the Marrowind sourdough, proofs for 31 hours in a cellar kept at 11 degrees.',
          ),
          new Paragraph({ text: 'Allergens', heading: HeadingLevel.HEADING_2 }),
          new Paragraph('The pistachio glaze contains traces of lupin flour.'),
          new Paragraph({ text: 'Sesame is used in the Tuesday seeded rolls.', bullet: { level: 0 } }),
          new Paragraph({ text: 'Walnuts are used in the harvest loaf.', bullet: { level: 0 } }),
          new Paragraph({ text: 'Uniforms', heading: HeadingLevel.HEADING_1 }),
          new Paragraph('Aprons are saffron yellow and are laundered by Mistral Linen every Monday.'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const markdown = `---
title: Glimmerfin Pump Guide
---

# Glimmerfin Pump Guide

The Glimmerfin P3 is an aquarium pump for tanks of up to 240 litres.

## Installation

Mount the Glimmerfin pump 12 centimetres below the waterline, on the glass wall opposite the heater.

### Wiring

The power cable is 3.5 metres long and ends in a plug called the Pebble connector.

Troubleshooting
---------------

If the pump hums without moving water, the Tovalik rotor is jammed. Reset it from the console:

\`\`\`sh
glimmerctl reset --depth=12

# This line is a comment in the code, not a heading.
glimmerctl status
\`\`\`
`;

const filler =
  'Saltcombe is a small harbour town, and the lighthouse above it has guided fishing boats home for well over a century. Visitors climb the spiral stair with a guide who tells the stories of the keepers and their families.';

const article = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Saltcombe Lighthouse Tours | Visit Saltcombe</title>
  <style>.decoy::after { content: "STYLEDECOY"; }</style>
  <script>window.decoy = "SCRIPTDECOY: tours are free";</script>
</head>
<body>
  <nav><a href="/">Home</a> <a href="/shop">NAVDECOY shop</a></nav>
  <main>
    <article>
      <h1>Saltcombe Lighthouse Tours</h1>
      <p>${filler}</p>
      <h2>Tickets</h2>
      <p>A tour ticket costs 14 florins and includes a cup of juniper cocoa at the top. ${filler}</p>
      <p>Tickets are sold at the <a href="/kiosk">harbour kiosk</a> only.</p>
      <h2>History</h2>
      <p>The lighthouse was built in 1887 by the engineer Odessa Pyle. ${filler}</p>
      <h3>The lamp</h3>
      <p>The original lamp, nicknamed Old Wickham, burned colza oil until 1931.</p>
      <ul><li>Tours run from April to October.</li><li>Dogs are welcome on the lower deck.</li></ul>
    </article>
  </main>
  <footer>Visit Saltcombe</footer>
</body>
</html>
`;

function page(title, body) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title} | Norrland Trading Post</title></head>
<body>
  <nav><a href="http://HOST/">Home</a> <a href="http://HOST/shipping.html">Shipping</a></nav>
  <article>
    <h1>${title}</h1>
    ${body}
  </article>
</body>
</html>
`;
}

const site = {
  'robots.txt': `User-agent: *
Disallow: /staff.html

Sitemap: http://HOST/sitemap.xml
`,
  'sitemap.xml': `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>http://HOST/shipping.html</loc><lastmod>2025-01-01</lastmod></url>
  <url><loc>http://HOST/returns.html</loc><lastmod>2025-01-01</lastmod></url>
  <url><loc>http://HOST/staff.html</loc><lastmod>2025-01-01</lastmod></url>
</urlset>
`,
  'index.html': page(
    'Welcome',
    '<p>The Norrland Trading Post sells woollen goods from the far north. See shipping and returns.</p>',
  ),
  'shipping.html': page(
    'Shipping',
    '<p>Parcels to Norrland ship within 3 days with the reindeer courier Blixten.</p><p>Parcels abroad travel by the cargo ship Saga Vind and take 3 weeks.</p>',
  ),
  'returns.html': page(
    'Returns',
    '<p>Returns are accepted for 60 days if the item comes back wrapped in periwinkle paper.</p>',
  ),
  'staff.html': page(
    'Staff only',
    '<p>The staff discount code is MOONQUARTZ. This page is disallowed in robots.txt and must never be indexed.</p>',
  ),
};

await mkdir(join(dir, 'site'), { recursive: true });
await writeFile(join(dir, 'manual.pdf'), await pdf());
await writeFile(join(dir, 'handbook.docx'), await docx());
await writeFile(join(dir, 'guide.md'), markdown);
await writeFile(join(dir, 'article.html'), article);
for (const [name, content] of Object.entries(site)) await writeFile(join(dir, 'site', name), content);
console.log(`Wrote the knowledge fixtures in ${dir}`);
