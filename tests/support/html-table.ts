/** A page's table rows as the text of their cells, the way a reader sees them (tags stripped). */
export function tableRows(html: string): string[][] {
  const rows: string[][] = [];
  for (const row of html.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)) {
    const cells = [...row[1]!.matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => textOf(cell[1]!));
    rows.push(cells);
  }
  return rows;
}

function textOf(markup: string): string {
  return markup
    .replace(/<br\s*\/?>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The rows of the table with this caption (header row first), or undefined when the page has none. */
export function tableByCaption(html: string, caption: string): string[][] | undefined {
  for (const table of html.matchAll(/<table\b[^>]*>([\s\S]*?)<\/table>/g)) {
    const own = /<caption\b[^>]*>([\s\S]*?)<\/caption>/.exec(table[1]!);
    if (own && textOf(own[1]!) === caption) return tableRows(table[1]!);
  }
  return undefined;
}
