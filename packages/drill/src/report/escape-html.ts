/**
 * Escapes text for HTML and SVG, in element content and in quoted attribute values alike.
 * Everything a drill reports can carry text from outside (a target URL, a breaker's reason, an
 * error kind), so every string goes through here before it reaches the page.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => entities[char] ?? char);
}

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
