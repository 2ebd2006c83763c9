// Flow JSON dynamic expressions: `${...}` references and the backtick "nested expressions" of Flow JSON 6.0+.
// A small hand-written tokenizer and recursive-descent parser; nothing is ever passed to eval() or Function(),
// because the expressions come from a flow.json the playground user loaded, not from us.
//
// Pure module: no DOM access, so `node --test` can import it.

/** Thrown for a malformed expression or a value an operator cannot work with; `position` is 0-based. */
export class ExpressionError extends Error {
  constructor(message, source, position) {
    super(position === undefined ? message : `${message} at column ${position + 1} of ${source}`);
    this.name = 'ExpressionError';
    this.source = source;
    this.position = position;
  }
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '%', '(', ')'];

/** Splits an expression (without its surrounding backticks) into tokens. */
export function tokenize(source) {
  const tokens = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '$' && source[i + 1] === '{') {
      const end = source.indexOf('}', i + 2);
      if (end < 0) throw new ExpressionError("Unclosed '${' (missing '}')", source, i);
      tokens.push({ type: 'ref', text: source.slice(i + 2, end).trim(), pos: i });
      i = end + 1;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\' && j + 1 < source.length) { text += source[j + 1]; j += 2; } else { text += source[j++]; }
      }
      if (j >= source.length) throw new ExpressionError(`Unclosed string literal (missing ${c})`, source, i);
      tokens.push({ type: 'string', value: text, pos: i });
      i = j + 1;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(source.slice(i));
    if (number) {
      tokens.push({ type: 'number', value: Number(number[0]), pos: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_]\w*/.exec(source.slice(i));
    if (word) {
      if (word[0] === 'true' || word[0] === 'false') {
        tokens.push({ type: 'boolean', value: word[0] === 'true', pos: i });
        i += word[0].length;
        continue;
      }
      throw new ExpressionError(`Unknown word '${word[0]}' (references are written \${data.x}, text in quotes '...')`, source, i);
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw new ExpressionError(`Unexpected character '${c}'`, source, i);
    tokens.push({ type: 'op', value: op, pos: i });
    i += op.length;
  }
  return tokens;
}

// Precedence, lowest first. Juxtaposition ("`'Hello ' ${form.name}`") concatenates and binds loosest of all.
const BINARY_LEVELS = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>='], ['+', '-'], ['*', '/', '%']];

/** Parses an expression (without backticks) into a tree of {type: 'literal'|'ref'|'unary'|'binary'|'concat'}. */
export function parse(source) {
  const tokens = tokenize(source);
  let index = 0;
  const peek = () => tokens[index];
  const isOp = (token, ...values) => token && token.type === 'op' && values.includes(token.value);
  const fail = (message, token) => { throw new ExpressionError(message, source, token ? token.pos : source.length); };

  function binary(level) {
    if (level === BINARY_LEVELS.length) return unary();
    let left = binary(level + 1);
    while (isOp(peek(), ...BINARY_LEVELS[level])) {
      const op = tokens[index++].value;
      left = { type: 'binary', op, left, right: binary(level + 1) };
    }
    return left;
  }
  function unary() {
    if (isOp(peek(), '!', '-')) {
      const op = tokens[index++].value;
      return { type: 'unary', op, operand: unary() };
    }
    return primary();
  }
  function primary() {
    const token = peek();
    if (!token) fail('Expression ends too early: a value is missing');
    if (isOp(token, '(')) {
      index++;
      const inner = sequence();
      if (!isOp(peek(), ')')) fail("Missing ')'", peek());
      index++;
      return inner;
    }
    index++;
    if (token.type === 'ref') return { type: 'ref', ref: parseReference(token.text, source) };
    if (token.type === 'op') fail(`Unexpected '${token.value}'`, token);
    return { type: 'literal', value: token.value };
  }
  const startsValue = (token) => token && (token.type !== 'op' || isOp(token, '(', '!'));
  function sequence() {
    const parts = [binary(0)];
    while (startsValue(peek())) parts.push(binary(0));
    return parts.length === 1 ? parts[0] : { type: 'concat', parts };
  }

  if (tokens.length === 0) fail('Empty expression');
  const tree = sequence();
  if (index < tokens.length) fail(`Unexpected '${tokens[index].value ?? tokens[index].text}'`, tokens[index]);
  return tree;
}

/**
 * Parses the inside of `${...}`: data.a.b[0], form.x, screen.S.data.x, screen.S.form.x.
 * Returns {scope: 'data'|'form', screen: string|null, path: (string|number)[]}.
 */
export function parseReference(text, source = `\${${text}}`) {
  const malformed = () => new ExpressionError(
    `Malformed reference \${${text}}: write names joined by '.', list positions as [0]`, source);
  const segments = [];
  let pos = 0;
  const readName = () => {
    const m = /^[A-Za-z0-9_-]+/.exec(text.slice(pos));
    if (!m) throw malformed();
    pos += m[0].length;
    return m[0];
  };
  segments.push(readName());
  while (pos < text.length) {
    if (text[pos] === '.') {
      pos++;
      segments.push(readName());
    } else {
      const m = /^\[(\d+)\]/.exec(text.slice(pos));
      if (!m) throw malformed();
      segments.push(Number(m[1]));
      pos += m[0].length;
    }
  }
  const bad = () => new ExpressionError(
    `Reference \${${text}} must start with data., form., screen.<SCREEN>.data. or screen.<SCREEN>.form.`, source);
  if (segments[0] === 'data' || segments[0] === 'form') {
    if (segments.length < 2) throw bad();
    return { scope: segments[0], screen: null, path: segments.slice(1) };
  }
  if (segments[0] === 'screen' && segments.length >= 4 && (segments[2] === 'data' || segments[2] === 'form')) {
    return { scope: segments[2], screen: String(segments[1]), path: segments.slice(3) };
  }
  throw bad();
}

// ---- evaluation -------------------------------------------------------------------------------------------

const isMissing = (v) => v === undefined || v === null;

/** Number for numbers and numeric strings ('42', ' 4.5 '); NaN for anything else. */
export function toNumber(value) {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return NaN;
}

/** Text the client shows for a value: missing is empty, objects as JSON. */
export function toText(value) {
  if (isMissing(value)) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** JavaScript truthiness, except that an empty array and the text 'false' count as false (a bound flag). */
export function toBoolean(value) {
  if (Array.isArray(value)) return value.length > 0;
  if (value === 'false') return false;
  return Boolean(value);
}

function looseEquals(a, b) {
  // Missing, null and '' are the same "empty" value: an untouched input reads as missing.
  const empty = (v) => isMissing(v) || v === '';
  if (empty(a) || empty(b)) return empty(a) && empty(b);
  if (typeof a === typeof b) {
    return typeof a === 'object' ? JSON.stringify(a) === JSON.stringify(b) : a === b;
  }
  // A number input's text against a number literal compares as numbers.
  const na = toNumber(a);
  const nb = toNumber(b);
  return (typeof a === 'number' || typeof b === 'number') && !Number.isNaN(na) && na === nb;
}

function compare(op, a, b) {
  if (isMissing(a) || isMissing(b)) return false;
  const na = toNumber(a);
  const nb = toNumber(b);
  let l = a;
  let r = b;
  if (!Number.isNaN(na) && !Number.isNaN(nb)) { l = na; r = nb; } else if (typeof a !== 'string' || typeof b !== 'string') return false;
  switch (op) {
    case '<': return l < r;
    case '<=': return l <= r;
    case '>': return l > r;
    default: return l >= r;
  }
}

function arithmetic(op, a, b, source) {
  if (op === '+' && (typeof a === 'string' && Number.isNaN(toNumber(a)) || typeof b === 'string' && Number.isNaN(toNumber(b)))) {
    return toText(a) + toText(b); // '+' with text concatenates
  }
  if (isMissing(a) || isMissing(b)) return undefined; // an input not filled in yet: no result, no error
  const na = toNumber(a);
  const nb = toNumber(b);
  if (Number.isNaN(na) || Number.isNaN(nb)) {
    const offender = Number.isNaN(na) ? a : b;
    throw new ExpressionError(`'${op}' needs numbers, got ${describe(offender)} in ${source}`, source);
  }
  if ((op === '/' || op === '%') && nb === 0) throw new ExpressionError(`Division by zero in ${source}`, source);
  switch (op) {
    case '+': return na + nb;
    case '-': return na - nb;
    case '*': return na * nb;
    case '/': return na / nb;
    default: return na % nb;
  }
}

function describe(value) {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Evaluates a parsed tree; `lookup(ref)` reads one reference ({scope, screen, path}). */
export function evaluate(tree, lookup, source = '') {
  switch (tree.type) {
    case 'literal': return tree.value;
    case 'ref': return lookup(tree.ref);
    case 'concat': return tree.parts.map((p) => toText(evaluate(p, lookup, source))).join('');
    case 'unary': {
      const v = evaluate(tree.operand, lookup, source);
      if (tree.op === '!') return !toBoolean(v);
      if (isMissing(v)) return undefined;
      const n = toNumber(v);
      if (Number.isNaN(n)) throw new ExpressionError(`'-' needs a number, got ${describe(v)} in ${source}`, source);
      return -n;
    }
    default: {
      if (tree.op === '&&') return toBoolean(evaluate(tree.left, lookup, source)) && toBoolean(evaluate(tree.right, lookup, source));
      if (tree.op === '||') return toBoolean(evaluate(tree.left, lookup, source)) || toBoolean(evaluate(tree.right, lookup, source));
      const a = evaluate(tree.left, lookup, source);
      const b = evaluate(tree.right, lookup, source);
      if (tree.op === '==') return looseEquals(a, b);
      if (tree.op === '!=') return !looseEquals(a, b);
      if (['<', '<=', '>', '>='].includes(tree.op)) return compare(tree.op, a, b);
      return arithmetic(tree.op, a, b, source);
    }
  }
}

/** Parses and evaluates `source` (the text between the backticks). */
export function evaluateExpression(source, lookup) {
  return evaluate(parse(source), lookup, '`' + source + '`');
}
