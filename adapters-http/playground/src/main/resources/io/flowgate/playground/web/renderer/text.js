// Text components: TextHeading, TextSubheading, TextBody, TextCaption, RichText.

import { versionAtLeast } from './binding.js';
import { h } from './dom.js';
import { parseMarkdown } from './markdown.js';

function plainText(tag, className) {
  return (component, ui) => {
    const element = h(tag, { class: className });
    const markdown = component.markdown === true && versionAtLeast(ui.version, '5.1');
    ui.live(() => {
      if (markdown) element.replaceChildren(...renderMarkdown(parseMarkdown(ui.resolve(component.text)), ui, true));
      else element.textContent = ui.text(component.text);
    });
    const weight = component['font-weight'];
    if (weight === 'bold' || weight === 'bold_italic') element.classList.add('fg-bold');
    if (weight === 'italic' || weight === 'bold_italic') element.classList.add('fg-italic');
    if (component.strikethrough !== undefined) {
      ui.live(() => element.classList.toggle('fg-strike', ui.bool(component.strikethrough, false)));
    }
    return element;
  };
}

function renderRichText(component, ui) {
  const element = h('div', { class: 'fg-rich-text' });
  ui.live(() => element.replaceChildren(...renderMarkdown(parseMarkdown(ui.resolve(component.text)), ui, false)));
  return element;
}

/** Turns parsed markdown into DOM; `inline` keeps the blocks of a TextBody as spans and line breaks. */
export function renderMarkdown(blocks, ui, inline) {
  const out = [];
  blocks.forEach((block, index) => {
    if (inline && index > 0) out.push(h('br'));
    if (block.type === 'heading') {
      out.push(h(inline ? 'strong' : `h${Math.min(block.level + 1, 6)}`, { class: 'fg-md-heading' }, renderInline(block.children, ui)));
    } else if (block.type === 'list') {
      out.push(h(block.ordered ? 'ol' : 'ul', { class: 'fg-md-list', start: block.ordered && block.start !== 1 ? block.start : undefined },
        block.items.map((item) => h('li', {}, renderInline(item, ui)))));
    } else {
      out.push(h(inline ? 'span' : 'p', { class: 'fg-md-paragraph' }, renderInline(block.children, ui)));
    }
  });
  return out;
}

function renderInline(nodes, ui) {
  return nodes.map((node) => {
    switch (node.type) {
      case 'text': return node.value;
      case 'break': return h('br');
      case 'bold': return h('strong', {}, renderInline(node.children, ui));
      case 'italic': return h('em', {}, renderInline(node.children, ui));
      case 'strike': return h('s', {}, renderInline(node.children, ui));
      case 'image': return node.src ? h('img', { class: 'fg-md-image', src: node.src, alt: node.alt }) : `[image: ${node.alt}]`;
      default: {
        // Links are shown, never followed: a click reports open_url to the shell like the action would.
        const link = h('a', { class: 'fg-link', href: node.href ?? undefined, 'data-action': 'open_url', rel: 'noopener noreferrer',
          onclick: (event) => {
            event.preventDefault();
            if (node.href) ui.dispatch({ name: 'open_url', url: node.href }, { origin: 'RichText link' });
          } }, renderInline(node.children, ui));
        return link;
      }
    }
  });
}

export const components = {
  TextHeading: plainText('h2', 'fg-text-heading'),
  TextSubheading: plainText('h3', 'fg-text-subheading'),
  TextBody: plainText('p', 'fg-text-body'),
  TextCaption: plainText('p', 'fg-text-caption'),
  RichText: renderRichText,
};
