// The markdown subset Flow JSON allows in RichText (and in TextBody/TextCaption with "markdown": true):
// # headings, **bold**, *italic* / _italic_, ~~strikethrough~~, - and 1. lists, [links](https://...),
// ![images](data:image/...), line breaks. Parses into a small tree; text.js turns it into DOM.
// Pure module: no DOM access, so `node --test` can import it.

/**
 * Block nodes: {type: 'heading', level, children}, {type: 'paragraph', children},
 * {type: 'list', ordered, start, items: [children]}.
 * Inline nodes: {type: 'text', value}, {type: 'bold'|'italic'|'strike', children},
 * {type: 'link', href, children} (href null when not http(s)/mailto/tel), {type: 'image', src, alt}, {type: 'break'}.
 */
export function parseMarkdown(source) {
  const text = Array.isArray(source) ? source.join('\n') : String(source ?? '');
  const blocks = [];
  let paragraph = null;
  let list = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') { paragraph = null; list = null; continue; }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      paragraph = null; list = null;
      blocks.push({ type: 'heading', level: heading[1].length, children: parseInline(heading[2].trim()) });
      continue;
    }
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*(\d+)[.)]\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      paragraph = null;
      const ordered = Boolean(numbered);
      if (!list || list.ordered !== ordered) {
        list = { type: 'list', ordered, start: ordered ? Number(numbered[1]) : 1, items: [] };
        blocks.push(list);
      }
      list.items.push(parseInline(ordered ? numbered[2] : bullet[1]));
      continue;
    }
    list = null;
    if (paragraph) paragraph.children.push({ type: 'break' }, ...parseInline(line));
    else { paragraph = { type: 'paragraph', children: parseInline(line) }; blocks.push(paragraph); }
  }
  return blocks;
}

const DELIMITERS = [['**', 'bold'], ['~~', 'strike'], ['*', 'italic'], ['_', 'italic']];

/** Parses one line of inline markdown. Unclosed delimiters stay as literal text. */
export function parseInline(text) {
  const nodes = [];
  let buffer = '';
  const flush = () => { if (buffer) { nodes.push({ type: 'text', value: buffer }); buffer = ''; } };
  let i = 0;
  while (i < text.length) {
    if (text[i] === '\\' && i + 1 < text.length) { buffer += text[i + 1]; i += 2; continue; }
    const image = /^!\[([^\]]*)\]\(([^)\s]*)\)/.exec(text.slice(i));
    if (image) {
      flush();
      nodes.push({ type: 'image', alt: image[1], src: safeImageSource(image[2]) });
      i += image[0].length;
      continue;
    }
    const link = /^\[([^\]]+)\]\(([^)\s]*)\)/.exec(text.slice(i));
    if (link) {
      flush();
      nodes.push({ type: 'link', href: safeLink(link[2]), children: parseInline(link[1]) });
      i += link[0].length;
      continue;
    }
    const delimiter = DELIMITERS.find(([d]) => text.startsWith(d, i));
    if (delimiter) {
      const [mark, type] = delimiter;
      let close = text.indexOf(mark, i + mark.length);
      // "**bold *italic***": the bold closes on the last two stars of the run, leaving one for the italic.
      if (mark === '**' && close > 0 && text[close + 2] === '*') close += 1;
      const inner = close < 0 ? '' : text.slice(i + mark.length, close);
      const wordBoundaryOk = mark !== '_' || ((i === 0 || /\W/.test(text[i - 1])) && (close + 1 >= text.length || /\W/.test(text[close + 1])));
      if (close > i + mark.length && inner.trim() === inner && wordBoundaryOk) {
        flush();
        nodes.push({ type, children: parseInline(inner) });
        i = close + mark.length;
        continue;
      }
    }
    buffer += text[i];
    i++;
  }
  flush();
  return nodes;
}

/** Links stay inside the page as text unless they are http(s), mailto or tel (and even then are not followed). */
export function safeLink(href) {
  return /^(https?:|mailto:|tel:)/i.test(href) ? href : null;
}

/** Only inline base64 images: the playground makes no external requests. */
export function safeImageSource(src) {
  return /^data:image\/(png|jpe?g|gif|webp);base64,[A-Za-z0-9+/=\s]+$/i.test(src) ? src : null;
}
