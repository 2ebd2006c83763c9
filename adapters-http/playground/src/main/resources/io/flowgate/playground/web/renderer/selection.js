// Choosing from a data-source: Dropdown, RadioButtonsGroup, CheckboxGroup, ChipsSelector; and OptIn.

import { toText } from './binding.js';
import { fieldBlock, h, problemBox, uniqueId } from './dom.js';
import { bindCommon } from './inputs.js';
import { imageSource } from './navigation.js';

/** The data-source as a list of items, or a problem box when it does not resolve to one. */
function itemsOf(component, ui) {
  const items = ui.resolve(component['data-source']);
  if (Array.isArray(items)) return { items };
  return { problem: problemBox(component.type, `data-source must be a list of {id, title}, got ${toText(items) || 'nothing'}`) };
}

/** on-select-action / on-unselect-action: the item's own action first, else the component's. */
function fireSelection(component, ui, item, selected) {
  const key = selected ? 'on-select-action' : 'on-unselect-action';
  const action = item?.[key] ?? component[key];
  if (action) ui.dispatch(action, { origin: key });
}

function optionContent(item) {
  return [
    item.image ? h('img', { class: 'fg-option-image', src: imageSource(item.image), alt: toText(item['alt-text']) }) : null,
    h('span', { class: 'fg-option-text' },
      h('span', { class: 'fg-option-title' }, toText(item.title)),
      item.description ? h('span', { class: 'fg-option-description' }, toText(item.description)) : null,
      item.metadata ? h('span', { class: 'fg-option-metadata' }, toText(item.metadata)) : null),
  ];
}

function renderDropdown(component, ui) {
  const { items, problem } = itemsOf(component, ui);
  if (problem) return problem;
  const id = uniqueId('dropdown');
  const select = h('select', { id, name: component.name, 'data-component-name': component.name },
    h('option', { value: '' }, 'Select an option'),
    items.map((item) => h('option', { value: toText(item.id), disabled: item.enabled === false, 'data-option-id': toText(item.id) },
      item.description ? `${toText(item.title)} \u2013 ${toText(item.description)}` : toText(item.title))));
  select.value = toText(ui.initialValue(component.name, component));
  ui.selectedOnRender(component, select.value);
  let previous = select.value;
  select.addEventListener('change', () => {
    const old = items.find((i) => toText(i.id) === previous);
    const chosen = items.find((i) => toText(i.id) === select.value);
    previous = select.value;
    ui.setValue(component.name, chosen ? chosen.id : undefined);
    if (old && !chosen) fireSelection(component, ui, old, false);
    if (chosen) fireSelection(component, ui, chosen, true);
  });
  const { root, error } = fieldBlock(ui, component, select, { controlId: id, kind: 'dropdown' });
  bindCommon(component, ui, select, error, () => null);
  return root;
}

function renderRadioButtons(component, ui) {
  const { items, problem } = itemsOf(component, ui);
  if (problem) return problem;
  const initial = toText(ui.initialValue(component.name, component));
  ui.selectedOnRender(component, initial);
  const group = h('div', { class: 'fg-options', role: 'radiogroup', 'data-component-name': component.name });
  for (const item of items) {
    const input = h('input', { type: 'radio', name: component.name, value: toText(item.id), 'data-component-name': component.name,
      'data-option-id': toText(item.id), checked: toText(item.id) === initial, disabled: item.enabled === false });
    if (item.enabled === false) input.dataset.lockedDisabled = 'true';
    input.addEventListener('change', () => {
      const before = items.find((i) => toText(i.id) === toText(ui.getValue(component.name)));
      ui.setValue(component.name, item.id);
      if (before && before !== item) fireSelection(component, ui, before, false);
      fireSelection(component, ui, item, true);
    });
    group.append(h('label', { class: 'fg-option fg-radio' }, optionContent(item), input));
  }
  const { root, error } = fieldBlock(ui, component, group, { kind: 'radio-group' });
  bindCommon(component, ui, group, error, () => null);
  return root;
}

/** CheckboxGroup and ChipsSelector: several ids, with min/max-selected-items. */
function multiSelect(kind) {
  return (component, ui) => {
    const { items, problem } = itemsOf(component, ui);
    if (problem) return problem;
    const initial = ui.initialValue(component.name, component);
    ui.selectedOnRender(component, initial);
    const selected = new Set(Array.isArray(initial) ? initial.map(toText) : []);
    const min = component['min-selected-items'] === undefined ? undefined : Number(ui.resolve(component['min-selected-items']));
    const max = component['max-selected-items'] === undefined ? undefined : Number(ui.resolve(component['max-selected-items']));
    const group = h('div', { class: `fg-options fg-${kind}-options`, role: 'group', 'data-component-name': component.name });
    const inputs = [];
    const limitReached = () => {
      // The client greys out the remaining options once max-selected-items are chosen.
      for (const input of inputs) {
        const atMax = Number.isFinite(max) && selected.size >= max && !input.checked;
        if (input.dataset.lockedDisabled) continue;
        input.classList.toggle('fg-at-max', atMax);
        input.disabled = atMax || !ui.bool(component.enabled, true);
      }
    };
    for (const item of items) {
      const id = toText(item.id);
      const input = h('input', { type: 'checkbox', name: component.name, value: id, 'data-component-name': component.name,
        'data-option-id': id, checked: selected.has(id), disabled: item.enabled === false });
      if (item.enabled === false) input.dataset.lockedDisabled = 'true';
      input.addEventListener('change', () => {
        if (input.checked) selected.add(id); else selected.delete(id);
        const ids = items.map((i) => toText(i.id)).filter((i) => selected.has(i));
        ui.setValue(component.name, ids.length ? items.filter((i) => selected.has(toText(i.id))).map((i) => i.id) : undefined);
        fireSelection(component, ui, item, input.checked);
        limitReached();
      });
      inputs.push(input);
      group.append(h('label', { class: `fg-option fg-${kind}` }, kind === 'chip' ? [input, optionContent(item)] : [optionContent(item), input]));
    }
    const { root, error } = fieldBlock(ui, component, group, { kind: `${kind}-group` });
    if (component.description !== undefined) {
      const description = h('div', { class: 'fg-helper' });
      ui.live(() => { description.textContent = ui.text(component.description); });
      root.insertBefore(description, group);
    }
    bindCommon(component, ui, group, error, (value) => {
      const count = Array.isArray(value) ? value.length : 0;
      if (Number.isFinite(min) && count < min) return `Choose at least ${min}`;
      if (Number.isFinite(max) && count > max) return `Choose at most ${max}`;
      return null;
    }, { isComplete: (value) => !Number.isFinite(min) || (Array.isArray(value) && value.length >= min) });
    ui.live(limitReached);
    return root;
  };
}

function renderOptIn(component, ui) {
  const id = uniqueId('optin');
  const input = h('input', { id, type: 'checkbox', name: component.name, 'data-component-name': component.name,
    checked: ui.initialValue(component.name, component) === true });
  input.addEventListener('change', () => ui.setValue(component.name, input.checked ? true : undefined));
  const label = h('label', { class: 'fg-optin-label', for: id });
  ui.live(() => { label.textContent = ui.text(component.label); });
  const action = component['on-click-action'];
  const readMore = action
    ? h('button', { type: 'button', class: 'fg-link', 'data-action': action.name, onclick: () => ui.dispatch(action, { origin: 'OptIn' }) }, 'Read more')
    : null;
  const error = h('div', { class: 'fg-error', 'data-role': 'field-error', hidden: true, role: 'alert' });
  const root = h('div', { class: 'fg-field fg-optin' }, h('div', { class: 'fg-optin-row' }, input, label, readMore), error);
  bindCommon(component, ui, input, error, () => null, { labelText: () => ui.text(component.label) });
  return root;
}

export const components = {
  Dropdown: renderDropdown,
  RadioButtonsGroup: renderRadioButtons,
  CheckboxGroup: multiSelect('checkbox'),
  ChipsSelector: multiSelect('chip'),
  OptIn: renderOptIn,
};
