// Containers: If (condition, then, else), Switch (value, cases) and Form (the pre-4.0 wrapper, still accepted).

import { toText } from '../binding.js';
import { h } from '../dom.js';

/** Draws `childrenFor()` into `root` and draws again, with a fresh scope, whenever the chosen key changes. */
function branching(root, ui, chooseKey, childrenFor) {
  let current;
  let branch = null;
  ui.live(() => {
    const key = chooseKey();
    if (branch && key === current) return;
    current = key;
    branch?.scope.dispose();
    root.replaceChildren();
    branch = ui.branch();
    branch.renderChildren(childrenFor(key), root);
  });
}

function renderIf(component, ui) {
  const root = h('div', { class: 'fg-if', 'data-component-type': 'If' });
  branching(root, ui, () => ui.bool(component.condition, false), (yes) => {
    root.dataset.branch = yes ? 'then' : 'else';
    return yes ? component.then : component.else;
  });
  return root;
}

function renderSwitch(component, ui) {
  const root = h('div', { class: 'fg-switch', 'data-component-type': 'Switch' });
  const cases = component.cases ?? {};
  branching(root, ui, () => toText(ui.resolve(component.value)), (key) => {
    root.dataset.case = Object.prototype.hasOwnProperty.call(cases, key) ? key : '';
    return cases[key] ?? [];
  });
  return root;
}

function renderForm(component, ui) {
  const root = h('div', { class: 'fg-form', 'data-form-name': component.name });
  // Inputs inside a Form are still ${form.<input name>}; the Form only adds defaults and bound error messages.
  const inner = ui.with({
    formDefaults: () => objectOrEmpty(ui.resolve(component['init-values'])),
    formErrors: () => objectOrEmpty(ui.resolve(component['error-messages'])),
  });
  inner.renderChildren(component.children, root);
  return root;
}

function objectOrEmpty(value) {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

export const components = {
  If: renderIf,
  Switch: renderSwitch,
  Form: renderForm,
};
