const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const SPECIAL = /[&<>"'\u0080-\uffff]/;
const REPLACE = /[&<>"']|[\ud800-\udbff][\udc00-\udfff]|[\u0080-\uffff]/g;

function entity(c: string): string {
  const named = ENTITIES[c];
  if (named !== undefined) return named;
  const cp = c.codePointAt(0) as number;
  // A lone surrogate cannot be a character reference; it is kept (the encoder writes U+FFFD).
  return cp >= 0xd800 && cp <= 0xdfff ? c : `&#${cp};`;
}

/**
 * Escapes text for HTML/XML content and (quoted) attribute values. Non-ASCII characters become
 * numeric character references (`→` → `&#8594;`), so the page is pure ASCII: it reads the same in
 * any encoding, and a large report stays a one-byte string in memory (half the size, faster to
 * join and write).
 */
export function escapeHtml(text: string): string {
  return SPECIAL.test(text) ? text.replace(REPLACE, entity) : text;
}
