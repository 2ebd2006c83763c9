import { test, assert } from './harness.js';
import { ExpressionError, evaluateExpression, parse, parseReference, toBoolean, toNumber, toText, tokenize } from '../expressions.js';

const values = {
  'form.age': '20', 'form.empty': '', 'data.price': 12.5, 'data.count': 3, 'data.name': 'Zoe', 'data.flag': true,
  'data.off': false, 'data.list': [1, 2], 'data.word': 'abc', 'data.zero': 0, 'data.numtext': '7',
};
const lookup = (ref) => values[[ref.screen ? `screen.${ref.screen}` : null, ref.scope, ...ref.path].filter((p) => p !== null).join('.')];
const run = (source) => evaluateExpression(source, lookup);

test('expressions: tokenizer splits references, strings, numbers, booleans and operators', () => {
  const tokens = tokenize("${form.age} >= 18 && 'a\\'b' != true");
  assert.deepEqual(tokens.map((t) => [t.type, t.value ?? t.text]),
    [['ref', 'form.age'], ['op', '>='], ['number', 18], ['op', '&&'], ['string', "a'b"], ['op', '!='], ['boolean', true]]);
});

test('expressions: arithmetic follows precedence and parentheses', () => {
  assert.equal(run('1 + 2 * 3'), 7);
  assert.equal(run('(1 + 2) * 3'), 9);
  assert.equal(run('10 - 4 - 3'), 3);
  assert.equal(run('7 % 4'), 3);
  assert.equal(run('${data.price} * ${data.count}'), 37.5);
  assert.equal(run('-${data.count} + 1'), -2);
  assert.equal(run('8 / 2 / 2'), 2);
});

test('expressions: comparisons coerce numeric text to numbers', () => {
  assert.equal(run('${form.age} > 18'), true);
  assert.equal(run('${form.age} < 9'), false, 'numeric, not text ("20" < "9" as text)');
  assert.equal(run('${form.age} == 20'), true);
  assert.equal(run('${form.age} != 20'), false);
  assert.equal(run('${data.numtext} <= 7'), true);
  assert.equal(run("'b' > 'a'"), true);
  assert.equal(run("${data.name} == 'Zoe'"), true);
  assert.equal(run("${data.name} == 'zoe'"), false);
});

test('expressions: logic, negation and truthiness', () => {
  assert.equal(run('${data.flag} && !${data.off}'), true);
  assert.equal(run('${data.off} || ${data.zero}'), false);
  assert.equal(run('!${data.missing}'), true);
  assert.equal(run('${form.age} > 18 && ${data.name} == \'Zoe\' || false'), true);
  assert.equal(run('false && false || true'), true, '&& binds tighter than ||');
  assert.equal(run('true || false && false'), true, '&& binds tighter than ||');
  assert.equal(run('!(1 == 1)'), false);
});

test('expressions: juxtaposed values and + with text concatenate', () => {
  assert.equal(run("'Hello ' ${data.name} '!'"), 'Hello Zoe!');
  assert.equal(run("'Total: ' ${data.price} * ${data.count}"), 'Total: 37.5', 'arithmetic before concatenation');
  assert.equal(run("'Hi ' + ${data.name}"), 'Hi Zoe');
  assert.equal(run("${data.count} + ' items'"), '3 items');
  assert.equal(run('${data.numtext} + 1'), 8, 'numeric text adds as a number');
  assert.equal(run("'flag: ' ${data.flag}"), 'flag: true');
});

test('expressions: missing values are empty, not errors', () => {
  assert.equal(run('${form.nothing} == \'\''), true);
  assert.equal(run('${form.empty} == ${form.nothing}'), true);
  assert.equal(run('${form.nothing} > 3'), false);
  assert.equal(run('${form.nothing} * 2'), undefined);
  assert.equal(run("'x' ${form.nothing} 'y'"), 'xy');
  assert.equal(run('${data.zero} == \'\''), false, '0 is a value, not empty');
});

test('expressions: screen references parse', () => {
  assert.deepEqual(parseReference('screen.START.form.name'), { scope: 'form', screen: 'START', path: ['name'] });
  assert.deepEqual(parseReference('data.a.b[2].c'), { scope: 'data', screen: null, path: ['a', 'b', 2, 'c'] });
  assert.deepEqual(parseReference('data.items.0'), { scope: 'data', screen: null, path: ['items', '0'] });
});

test('expressions: malformed expressions give a clear error with the column', () => {
  assert.throws(() => parse('1 +'), /ends too early/, ExpressionError);
  assert.throws(() => parse('(1 + 2'), /Missing '\)'/, ExpressionError);
  assert.throws(() => parse('1 + 2)'), /Unexpected '\)' at column 6/, ExpressionError);
  assert.throws(() => parse("'open"), /Unclosed string literal/, ExpressionError);
  assert.throws(() => parse('${form.x'), /Unclosed '\$\{'/, ExpressionError);
  assert.throws(() => parse('1 = 2'), /Unexpected character '='/, ExpressionError);
  assert.throws(() => parse('name == 1'), /Unknown word 'name'/, ExpressionError);
  assert.throws(() => parse(''), /Empty expression/, ExpressionError);
  assert.throws(() => parse('${user.x}'), /must start with data\., form\./, ExpressionError);
  assert.throws(() => parse('${data.a..b}'), /Malformed reference/, ExpressionError);
  assert.throws(() => parse('${data.a[x]}'), /Malformed reference/, ExpressionError);
  assert.throws(() => parse('* 2'), /Unexpected '\*'/, ExpressionError);
});

test('expressions: arithmetic on text or by zero fails clearly at evaluation', () => {
  assert.throws(() => run('${data.word} * 2'), /'\*' needs numbers, got string "abc"/, ExpressionError);
  assert.throws(() => run('${data.list} - 1'), /got a list/, ExpressionError);
  assert.throws(() => run('4 / ${data.zero}'), /Division by zero/, ExpressionError);
  assert.throws(() => run("-'a'"), /'-' needs a number/, ExpressionError);
});

test('expressions: no code execution, identifiers are rejected', () => {
  assert.throws(() => parse("constructor.constructor('return 1')()"), /Unknown word 'constructor'/, ExpressionError);
  assert.throws(() => parse('${data.x}; alert(1)'), /Unexpected character ';'/, ExpressionError);
});

test('expressions: coercion helpers', () => {
  assert.equal(toNumber(' 4.5 '), 4.5);
  assert.ok(Number.isNaN(toNumber('')));
  assert.ok(Number.isNaN(toNumber(true)));
  assert.equal(toText(undefined), '');
  assert.equal(toText({ a: 1 }), '{"a":1}');
  assert.equal(toBoolean([]), false);
  assert.equal(toBoolean('false'), false);
  assert.equal(toBoolean('no'), true);
  assert.equal(toBoolean(0), false);
});
