/**
 * One line of plain text from a message that may hold Markdown, for titles and previews: the
 * words a reader sees, without the marks (`**`, backticks, link targets, heading and list signs).
 * Small on purpose, as it runs in the chat's bundle too (for titles stored before this existed).
 */
export function plainText(markdown: string): string {
  return (
    markdown
      // Escaped characters stand for themselves: kept aside (in the private use area) until the end.
      .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, (_, c: string) =>
        String.fromCharCode(0xe000 + c.charCodeAt(0)),
      )
      // Fences and their language tag go; the code stays.
      .replace(/```[^\n`]*\n?/g, ' ')
      .replace(/~~~[^\n~]*\n?/g, ' ')
      // Images and links keep their text.
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      .replace(/<((?:https?|mailto):[^>\s]+)>/g, '$1')
      // Line starts: headings, quotes, list markers, rules.
      .replace(/^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)+/gm, '')
      .replace(/^[ \t]*(?:[-*_][ \t]*){3,}$/gm, ' ')
      // Emphasis, strike-through and inline code, around a word or a phrase (not inside snake_case).
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
      .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1$2')
      .replace(/(^|[^\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1$2')
      .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1')
      .replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, '$2')
      .replace(/[\ue000-\ue07f]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xe000))
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** A conversation's title: its first message as plain text, at most 80 characters. */
export function titleFrom(content: string): string {
  const line = plainText(content) || content.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
