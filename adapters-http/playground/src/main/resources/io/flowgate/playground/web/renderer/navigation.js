// Components that fire actions: Footer (the green button at the bottom), EmbeddedLink, NavigationList.

import { toText } from './binding.js';
import { h } from './dom.js';

function renderFooter(component, ui) {
  const action = component['on-click-action'];
  const button = h('button', { type: 'button', class: 'fg-footer-button', 'data-action': action?.name ?? 'none', 'data-component-type': 'Footer',
    onclick: () => ui.dispatch(action, { validate: true, origin: 'Footer' }) });
  ui.live(() => { button.textContent = ui.text(component.label); });
  ui.live(() => { button.disabled = !ui.bool(component.enabled, true); });
  const caption = (key) => {
    if (component[key] === undefined) return null;
    const element = h('span', { class: `fg-${key}`, 'data-role': key });
    ui.live(() => { element.textContent = ui.text(component[key]); });
    return element;
  };
  const captions = ['left-caption', 'center-caption', 'right-caption'].map(caption).filter(Boolean);
  const root = h('div', { class: 'fg-footer', 'data-component-type': 'Footer' },
    captions.length ? h('div', { class: 'fg-footer-captions' }, captions) : null, button);
  // The client pins the Footer to the bottom of the screen, wherever it sits in the layout.
  ui.footer(root);
  if (component.visible !== undefined) ui.live(() => { root.hidden = !ui.bool(component.visible, true); });
  return null;
}

function renderEmbeddedLink(component, ui) {
  const action = component['on-click-action'];
  const link = h('button', { type: 'button', class: 'fg-link fg-embedded-link', 'data-action': action?.name ?? 'none',
    onclick: () => ui.dispatch(action, { origin: 'EmbeddedLink' }) });
  ui.live(() => { link.textContent = ui.text(component.text); });
  return h('div', { class: 'fg-embedded-link-row' }, link);
}

function renderNavigationList(component, ui) {
  const items = ui.resolve(component['list-items']);
  const root = h('div', { class: 'fg-navigation-list', 'data-component-name': component.name });
  if (component.label !== undefined) root.append(h('div', { class: 'fg-label' }, ui.text(component.label)));
  if (component.description !== undefined) root.append(h('div', { class: 'fg-helper' }, ui.text(component.description)));
  if (!Array.isArray(items)) {
    root.append(h('div', { class: 'fg-problem', 'data-role': 'binding-error' }, `NavigationList: list-items must be a list, got ${toText(items) || 'nothing'}`));
    return root;
  }
  for (const item of items) {
    const action = item['on-click-action'] ?? component['on-click-action'];
    const main = item['main-content'] ?? {};
    const end = item.end ?? {};
    const startImage = item.start?.image;
    root.append(h('button', { type: 'button', class: 'fg-navigation-item', 'data-action': action?.name ?? 'none',
      'data-component-name': component.name, 'data-option-id': item.id,
      onclick: () => ui.dispatch(action, { origin: 'NavigationList item' }) },
    startImage ? h('img', { class: 'fg-navigation-image', src: imageSource(startImage), alt: '' }) : null,
    h('span', { class: 'fg-navigation-main' },
      h('span', { class: 'fg-option-title' }, toText(main.title)),
      main.description ? h('span', { class: 'fg-option-description' }, toText(main.description)) : null,
      main.metadata ? h('span', { class: 'fg-option-metadata' }, toText(main.metadata)) : null),
    item.badge ? h('span', { class: 'fg-badge' }, toText(item.badge)) : null,
    end.title || end.metadata || end.description
      ? h('span', { class: 'fg-navigation-end' }, toText(end.title), end.description ? h('small', {}, toText(end.description)) : null,
        end.metadata ? h('small', {}, toText(end.metadata)) : null)
      : null,
    h('span', { class: 'fg-chevron', 'aria-hidden': 'true' }, '\u203a')));
  }
  return root;
}

/** A base64 image as Flow JSON carries it (no data: prefix); the type is read from the first bytes. */
export function imageSource(base64) {
  const text = toText(base64).trim();
  if (text.startsWith('data:')) return /^data:image\//.test(text) ? text : '';
  const type = text.startsWith('/9j/') ? 'jpeg' : text.startsWith('R0lG') ? 'gif' : text.startsWith('UklG') ? 'webp' : 'png';
  return `data:image/${type};base64,${text}`;
}

export const components = {
  Footer: renderFooter,
  EmbeddedLink: renderEmbeddedLink,
  NavigationList: renderNavigationList,
};
