// Free-text inputs: TextInput (text, number, email, password, passcode, phone) and TextArea.

import { toText } from './binding.js';
import { fieldBlock, h, uniqueId } from './dom.js';

// input-type -> the HTML control and the check the client applies before a Footer action.
const INPUT_TYPES = {
  text: { type: 'text' },
  number: { type: 'text', inputmode: 'decimal', check: (v) => (Number.isFinite(Number(v)) && String(v).trim() !== '' ? null : 'Enter a number') },
  email: { type: 'email', inputmode: 'email', check: (v) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? null : 'Enter a valid email address') },
  password: { type: 'password' },
  passcode: { type: 'password', inputmode: 'numeric', check: (v) => (/^\d+$/.test(v) ? null : 'Use digits only') },
  phone: { type: 'tel', inputmode: 'tel', check: (v) => (/^\+?[\d\s().-]{5,}$/.test(v) ? null : 'Enter a valid phone number') },
};

/** Length limits shared by TextInput and TextArea; null when the text is fine. */
export function lengthProblem(text, minChars, maxChars) {
  const length = String(text).length;
  if (Number.isFinite(minChars) && length < minChars) return `Enter at least ${minChars} characters`;
  if (Number.isFinite(maxChars) && length > maxChars) return `Enter at most ${maxChars} characters`;
  return null;
}

function renderTextInput(component, ui) {
  const inputType = component['input-type'] ?? 'text';
  const kind = INPUT_TYPES[inputType] ?? INPUT_TYPES.text;
  const id = uniqueId('input');
  const maxChars = component['max-chars'] === undefined ? undefined : Number(ui.resolve(component['max-chars']));
  const minChars = component['min-chars'] === undefined ? undefined : Number(ui.resolve(component['min-chars']));
  const input = h('input', {
    id, type: kind.type, inputmode: kind.inputmode, name: component.name, 'data-component-name': component.name,
    'data-input-type': inputType, autocomplete: 'off', maxLength: Number.isFinite(maxChars) ? maxChars : undefined,
  });
  input.value = toText(ui.initialValue(component.name, component));
  input.addEventListener('input', () => {
    // A number input hands a number to ${form.x} once it parses, so expressions can compute with it.
    const raw = input.value;
    const value = raw === '' ? undefined : (inputType === 'number' && Number.isFinite(Number(raw)) && raw.trim() !== '' ? Number(raw) : raw);
    ui.setValue(component.name, value);
  });
  const pattern = component.pattern === undefined ? null : compilePattern(ui.text(component.pattern));
  const { root, error } = fieldBlock(ui, component, input, { controlId: id, kind: 'text-input' });
  bindCommon(component, ui, input, error, (value) => {
    const text = toText(value);
    return (kind.check ? kind.check(text) : null) ?? lengthProblem(text, minChars, maxChars)
      ?? (pattern && !pattern.test(text) ? 'Does not match the expected format' : null);
  });
  return root;
}

function compilePattern(source) {
  try {
    return new RegExp(`^(?:${source})$`);
  } catch {
    return null; // an invalid pattern is Meta's upload error to report, not a reason to block the playground
  }
}

function renderTextArea(component, ui) {
  const id = uniqueId('textarea');
  const maxLength = component['max-length'] === undefined ? undefined : Number(ui.resolve(component['max-length']));
  const area = h('textarea', { id, name: component.name, 'data-component-name': component.name, rows: 3,
    maxLength: Number.isFinite(maxLength) ? maxLength : undefined });
  area.value = toText(ui.initialValue(component.name, component));
  area.addEventListener('input', () => ui.setValue(component.name, area.value === '' ? undefined : area.value));
  const { root, error } = fieldBlock(ui, component, area, { controlId: id, kind: 'text-area' });
  bindCommon(component, ui, area, error, (value) => lengthProblem(toText(value), undefined, maxLength));
  return root;
}

/** required / enabled / error-message wiring every input shares. */
export function bindCommon(component, ui, element, error, validate, extra = {}) {
  ui.live(() => {
    const enabled = ui.bool(component.enabled, true);
    const controls = element.matches('input, select, textarea, button') ? [element] : [...element.querySelectorAll('input, select, textarea, button')];
    controls.forEach((c) => { if (!c.dataset.lockedDisabled) c.disabled = !enabled; });
    element.toggleAttribute('aria-required', ui.bool(component.required, false));
  });
  ui.field({
    name: component.name,
    element,
    error,
    errorMessage: component['error-message'],
    isRequired: () => ui.bool(component.required, false),
    isEnabled: () => ui.bool(component.enabled, true),
    labelText: () => (component.label === undefined ? component.name : labelOf(component.label, ui)),
    validate,
    ...extra,
  });
}

function labelOf(label, ui) {
  const value = ui.resolve(label);
  return typeof value === 'object' && value ? Object.values(value).join(' / ') : toText(value);
}

export const components = {
  TextInput: renderTextInput,
  TextArea: renderTextArea,
};
