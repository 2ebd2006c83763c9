// A minimal test registry shared by the browser page (index.html) and node (run-node.mjs), so the same test
// modules run in both. Tests that need a DOM are registered with {dom: true}; node skips them.

export const tests = [];

export function test(name, fn, options = {}) {
  tests.push({ name, fn, dom: Boolean(options.dom) });
}

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
  }
}

const show = (v) => (v === undefined ? 'undefined' : JSON.stringify(v));

export const assert = {
  ok(value, message = `expected a truthy value, got ${show(value)}`) {
    if (!value) throw new AssertionError(message);
  },
  equal(actual, expected, message) {
    if (!Object.is(actual, expected)) throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(expected)}, got ${show(actual)}`);
  },
  deepEqual(actual, expected, message) {
    if (canonical(actual) !== canonical(expected)) throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(expected)}, got ${show(actual)}`);
  },
  match(text, pattern, message) {
    if (!pattern.test(String(text))) throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(text)} to match ${pattern}`);
  },
  throws(fn, pattern, errorType) {
    try {
      fn();
    } catch (e) {
      if (errorType && !(e instanceof errorType)) throw new AssertionError(`expected ${errorType.name}, got ${e.name}: ${e.message}`);
      if (pattern && !pattern.test(e.message)) throw new AssertionError(`error message ${show(e.message)} does not match ${pattern}`);
      return e;
    }
    throw new AssertionError(`expected an error${pattern ? ` matching ${pattern}` : ''}, nothing was thrown`);
  },
};

function canonical(value) {
  return JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

/** Runs every registered test (for the browser page); async tests are awaited. */
export async function runAll({ withDom }) {
  const result = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const t of tests) {
    if (t.dom && !withDom) { result.skipped++; continue; }
    try {
      await t.fn();
      result.passed++;
    } catch (e) {
      result.failed++;
      result.failures.push({ name: t.name, message: String(e && e.stack ? e.stack : e) });
    }
  }
  return result;
}
