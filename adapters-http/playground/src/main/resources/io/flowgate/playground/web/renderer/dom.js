// Tiny DOM helpers shared by the component families. Text always goes in through textContent,
// never innerHTML: flow.json and server data are untrusted input for the page.

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'multiple', 'selected', 'maxLength', 'min', 'max']);

/** h('button', {class: 'x', 'data-action': 'back', onclick: fn}, 'text', childNode) */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key.startsWith('on') && typeof value === 'function') element.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) element[key] = value;
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

let sequence = 0;
/** A unique element id, to tie a <label for> to its control. */
export function uniqueId(prefix) {
  sequence += 1;
  return `fg-${prefix}-${sequence}`;
}

/** The box shown instead of a component the renderer does not know: never a blank. */
export function unsupported(type) {
  return h('div', { class: 'fg-unsupported', 'data-unsupported-type': type, role: 'note' }, `Unsupported component: ${type}`);
}

/** The box shown where a property's binding cannot be evaluated. */
export function problemBox(type, message) {
  return h('div', { class: 'fg-problem', 'data-role': 'binding-error', 'data-component-type': type, role: 'alert' },
    `${type}: ${message}`);
}

/**
 * The label / control / helper text / error layout shared by every input component.
 * Returns {root, error} where `error` is the element the field's error message goes into.
 */
export function fieldBlock(ui, component, control, { controlId, kind = 'field' } = {}) {
  const label = component.label === undefined ? null : h('label', { class: 'fg-label', for: controlId });
  const helper = component['helper-text'] === undefined ? null : h('div', { class: 'fg-helper' });
  const error = h('div', { class: 'fg-error', 'data-role': 'field-error', hidden: true, role: 'alert' });
  if (label) ui.live(() => { label.textContent = ui.text(component.label); });
  if (helper) ui.live(() => { helper.textContent = ui.text(component['helper-text']); });
  const root = h('div', { class: `fg-field fg-${kind}` }, label, control, helper, error);
  return { root, error };
}
