/*
 * The code an owner puts on their server and in their pages (docs/embed.md, signed-in visitors).
 * Code is not translated; only its comments come from the messages. The secret is always read
 * from the server's environment: a real secret is never printed into a sample.
 */

export const serverLanguages = ['node', 'python', 'php', 'ruby'] as const;
export type ServerLanguage = (typeof serverLanguages)[number];

/** The languages' own names, the same in every locale. */
export const languageNames: Record<ServerLanguage, string> = {
  node: 'Node.js',
  python: 'Python',
  php: 'PHP',
  ruby: 'Ruby',
};

/** The page's side is JavaScript, whatever the server speaks. */
export const PAGE_LANGUAGE = 'JavaScript';

export const SECRET_VARIABLE = 'PARLEY_IDENTITY_SECRET';

type Comments = { secret: string; identify: string; hash: string; optional: string; reset: string };

/** How each language computes userHash = HMAC-SHA256(userId, secret) as lower-case hex. */
export function serverSample(language: ServerLanguage, c: Comments): string {
  switch (language) {
    case 'node':
      return [
        "const crypto = require('node:crypto');",
        '',
        `// ${c.secret}`,
        `const secret = process.env.${SECRET_VARIABLE};`,
        "const userHash = crypto.createHmac('sha256', secret).update(String(userId)).digest('hex');",
      ].join('\n');
    case 'python':
      return [
        'import hashlib, hmac, os',
        '',
        `# ${c.secret}`,
        `secret = os.environ["${SECRET_VARIABLE}"]`,
        'user_hash = hmac.new(secret.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()',
      ].join('\n');
    case 'php':
      return [
        '<?php',
        '',
        `// ${c.secret}`,
        `$secret = getenv('${SECRET_VARIABLE}');`,
        "$userHash = hash_hmac('sha256', (string) $userId, $secret);",
      ].join('\n');
    case 'ruby':
      return [
        "require 'openssl'",
        '',
        `# ${c.secret}`,
        `secret = ENV.fetch('${SECRET_VARIABLE}')`,
        "user_hash = OpenSSL::HMAC.hexdigest('SHA256', secret, user_id.to_s)",
      ].join('\n');
  }
}

/** The page's side: the identify call with the server's values, and the reset on logout. */
export function pageSample(c: Comments): string {
  return [
    `// ${c.identify}`,
    "Parley('identify', {",
    "  userId: '42',",
    `  userHash: '…', // ${c.hash}`,
    `  name: 'Ada Lovelace', // ${c.optional}`,
    `  email: 'ada@example.com', // ${c.optional}`,
    '});',
    '',
    `// ${c.reset}`,
    "Parley('reset');",
  ].join('\n');
}
