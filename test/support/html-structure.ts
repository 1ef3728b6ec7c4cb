/**
 * A strict reading of the HTML sloforge writes (no parser is among the dependencies): every
 * element closed in order, void and self-closed ones excepted, no stray `<` or `>` in text, no
 * unknown character reference. Returns the elements' names in document order.
 */
const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link']);

export function readHtml(html: string): { elements: string[]; problems: string[] } {
  const problems: string[] = [];
  const elements: string[] = [];
  const open: string[] = [];
  const body = html.replace(/^<!DOCTYPE html>\n/, '');
  if (body === html) problems.push('no <!DOCTYPE html> first');
  // The style element's text is CSS; nothing of the page's own data goes there.
  const text = body.replace(/<style>[^<]*<\/style>/, '<style></style>');
  let at = 0;
  for (const match of text.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"<>]*")*)\s*(\/?)>/g)) {
    checkText(text.slice(at, match.index), problems);
    at = match.index + match[0].length;
    const [, closing, name, , selfClosing] = match;
    if (closing) {
      const last = open.pop();
      if (last !== name) problems.push(`</${name}> closes <${last}>`);
    } else {
      elements.push(name!);
      if (!selfClosing && !VOID.has(name!)) open.push(name!);
    }
  }
  checkText(text.slice(at), problems);
  if (open.length) problems.push(`never closed: ${open.join(', ')}`);
  return { elements, problems };
}

function checkText(text: string, problems: string[]): void {
  if (/[<>]/.test(text)) problems.push(`markup outside a well-formed tag: ${JSON.stringify(text.slice(0, 80))}`);
  for (const reference of text.matchAll(/&[^;\s]*;?/g)) {
    if (!/^&(#\d+|amp|lt|gt|quot);$/.test(reference[0])) problems.push(`not a character reference: ${reference[0]}`);
  }
}
