// Resolves Flow JSON component properties against the screen's state: `${data.x}`, `${form.x}`,
// `${screen.S.data.x}`, `${screen.S.form.x}` and backtick expressions.
// Pure module: no DOM access, so `node --test` can import it.

import { ExpressionError, evaluateExpression, parseReference, toBoolean, toText } from './expressions.js';

export { ExpressionError, toBoolean, toText };

const WHOLE_REFERENCE = /^\$\{([^}]*)\}$/;
const EMBEDDED_REFERENCE = /\$\{([^}]*)\}/g;

/**
 * The state bindings read. `screens` maps a screen id to {data, form} of screens visited earlier;
 * the current screen is always reachable as screen.<currentScreenId> too.
 */
export function createBindingContext({ data = {}, form = {}, screens = {}, currentScreenId = null } = {}) {
  return { data, form, screens, currentScreenId };
}

/** Reads one parsed reference; a missing step anywhere gives undefined (forward references read empty). */
export function lookup(ref, context) {
  let root;
  if (ref.screen === null || ref.screen === context.currentScreenId) {
    root = ref.scope === 'data' ? context.data : context.form;
  } else {
    const screen = context.screens[ref.screen];
    root = screen ? screen[ref.scope] : undefined;
  }
  return ref.path.reduce((value, key) => (value === undefined || value === null ? undefined : value[key]), root);
}

/** True when the string is a backtick expression such as "`${form.age} > 18`". */
export function isExpression(value) {
  return typeof value === 'string' && value.length >= 2 && value.startsWith('`') && value.endsWith('`');
}

/** True when the value contains anything to resolve. */
export function isDynamic(value) {
  if (typeof value === 'string') return isExpression(value) || value.includes('${');
  if (Array.isArray(value)) return value.some(isDynamic);
  if (value && typeof value === 'object') return Object.values(value).some(isDynamic);
  return false;
}

/**
 * Resolves a property value (any JSON) deeply:
 * - "${data.x}" alone gives the raw value (a list stays a list, a number a number);
 * - "`...`" is evaluated as a nested expression;
 * - "Hi ${form.name}" (references inside other text) is interpolated as text, a leniency for older flows;
 * - objects and arrays are resolved member by member; everything else is returned unchanged.
 * Throws ExpressionError for malformed expressions.
 */
export function resolve(value, context) {
  if (typeof value === 'string') {
    if (isExpression(value)) {
      return evaluateExpression(value.slice(1, -1), (ref) => lookup(ref, context));
    }
    const whole = WHOLE_REFERENCE.exec(value);
    if (whole) return lookup(parseReference(whole[1].trim()), context);
    if (value.includes('${')) {
      return value.replace(EMBEDDED_REFERENCE, (_, ref) => toText(lookup(parseReference(ref.trim()), context)));
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, context));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, context)]));
  }
  return value;
}

/** Resolves and reads as a flag; `fallback` when the property is absent. */
export function resolveBoolean(value, context, fallback) {
  if (value === undefined) return fallback;
  return toBoolean(resolve(value, context));
}

/** Resolves and reads as display text. */
export function resolveText(value, context) {
  return toText(resolve(value, context));
}

/**
 * Resolves an action payload for sending: values the user never filled in are left out, the way the
 * client omits unanswered optional inputs (Flows reject null).
 */
export function resolvePayload(payload, context) {
  const resolved = resolve(payload ?? {}, context);
  return dropMissing(resolved);
}

function dropMissing(value) {
  if (Array.isArray(value)) return value.map(dropMissing);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, dropMissing(v)]));
  }
  return value;
}

/** Compares Flow JSON versions such as "7.3" and "6.0". */
export function versionAtLeast(version, wanted) {
  const [a = 0, b = 0] = String(version ?? '0').split('.').map(Number);
  const [c = 0, d = 0] = String(wanted).split('.').map(Number);
  return a > c || (a === c && b >= d);
}
