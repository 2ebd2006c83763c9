import { test, assert } from './harness.js';
import { parseInline, parseMarkdown, safeImageSource, safeLink } from '../markdown.js';

test('markdown: headings, paragraphs with line breaks, and lists', () => {
  const blocks = parseMarkdown('# Title\nfirst line\nsecond line\n\n- a\n- b\n1. one\n2. two');
  assert.deepEqual(blocks.map((b) => b.type), ['heading', 'paragraph', 'list', 'list']);
  assert.equal(blocks[0].level, 1);
  assert.deepEqual(blocks[1].children.map((n) => n.type), ['text', 'break', 'text']);
  assert.equal(blocks[2].ordered, false);
  assert.equal(blocks[2].items.length, 2);
  assert.equal(blocks[3].ordered, true);
  assert.deepEqual(blocks[3].items[1], [{ type: 'text', value: 'two' }]);
});

test('markdown: a list of lines is joined like RichText text arrays', () => {
  const blocks = parseMarkdown(['## Sub', 'text']);
  assert.equal(blocks[0].type, 'heading');
  assert.equal(blocks[0].level, 2);
  assert.equal(blocks[1].type, 'paragraph');
});

test('markdown: bold, italic, strikethrough, nested', () => {
  assert.deepEqual(parseInline('a **b** *c* ~~d~~ _e_'), [
    { type: 'text', value: 'a ' }, { type: 'bold', children: [{ type: 'text', value: 'b' }] }, { type: 'text', value: ' ' },
    { type: 'italic', children: [{ type: 'text', value: 'c' }] }, { type: 'text', value: ' ' },
    { type: 'strike', children: [{ type: 'text', value: 'd' }] }, { type: 'text', value: ' ' },
    { type: 'italic', children: [{ type: 'text', value: 'e' }] }]);
  assert.deepEqual(parseInline('**bold *and italic***')[0].children[1].type, 'italic');
});

test('markdown: unclosed or spaced delimiters stay literal', () => {
  assert.deepEqual(parseInline('2 * 3 = 6'), [{ type: 'text', value: '2 * 3 = 6' }]);
  assert.deepEqual(parseInline('**open'), [{ type: 'text', value: '**open' }]);
  assert.deepEqual(parseInline('snake_case_name'), [{ type: 'text', value: 'snake_case_name' }]);
  assert.deepEqual(parseInline('\\*not italic\\*'), [{ type: 'text', value: '*not italic*' }]);
});

test('markdown: links keep only safe schemes; images only inline base64', () => {
  const [link] = parseInline('[Terms](https://example.com/t)');
  assert.equal(link.type, 'link');
  assert.equal(link.href, 'https://example.com/t');
  assert.equal(parseInline('[x](javascript:alert(1))')[0].href, null);
  assert.equal(safeLink('mailto:a@b.c'), 'mailto:a@b.c');
  assert.equal(safeImageSource('https://example.com/a.png'), null, 'no external requests');
  assert.equal(safeImageSource('data:image/png;base64,iVBORw0KGgo='), 'data:image/png;base64,iVBORw0KGgo=');
  const [image] = parseInline('![logo](data:image/png;base64,AAAA)');
  assert.deepEqual(image, { type: 'image', alt: 'logo', src: 'data:image/png;base64,AAAA' });
});

test('markdown: a bullet needs a space, so *italic* at line start is not a list', () => {
  const blocks = parseMarkdown('*italic* start');
  assert.equal(blocks[0].type, 'paragraph');
  assert.equal(blocks[0].children[0].type, 'italic');
});
