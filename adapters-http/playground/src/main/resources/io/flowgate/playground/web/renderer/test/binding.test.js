import { test, assert } from './harness.js';
import { ExpressionError, createBindingContext, isDynamic, isExpression, lookup, resolve, resolveBoolean, resolvePayload, resolveText, versionAtLeast } from '../binding.js';

const context = createBindingContext({
  data: { user: { name: 'Zoe', tags: ['a', 'b'] }, slots: [{ id: '0900', title: '09:00' }], ok: true, n: 0 },
  form: { name: 'Ann', age: 30 },
  screens: { START: { data: { city: 'Porto' }, form: { pick: 'x' } } },
  currentScreenId: 'NOW',
});

test('binding: a whole reference gives the raw value', () => {
  assert.deepEqual(resolve('${data.slots}', context), [{ id: '0900', title: '09:00' }]);
  assert.equal(resolve('${data.user.tags[1]}', context), 'b');
  assert.equal(resolve('${data.slots[0].title}', context), '09:00');
  assert.equal(resolve('${form.age}', context), 30);
  assert.equal(resolve('${data.ok}', context), true);
  assert.equal(resolve('is ${data.ok}', context), 'is true', 'with text around it, the value is interpolated as text');
});

test('binding: screen references read earlier screens and the current one', () => {
  assert.equal(resolve('${screen.START.data.city}', context), 'Porto');
  assert.equal(resolve('${screen.START.form.pick}', context), 'x');
  assert.equal(resolve('${screen.NOW.form.name}', context), 'Ann');
  assert.equal(resolve('${screen.LATER.data.city}', context), undefined, 'a screen not visited yet reads empty');
});

test('binding: missing paths read undefined, never throw', () => {
  assert.equal(resolve('${data.user.nothing.deeper}', context), undefined);
  assert.equal(resolve('${data.slots[5].id}', context), undefined);
  assert.equal(resolveText('${form.none}', context), '');
  assert.equal(lookup({ scope: 'data', screen: null, path: ['n'] }, context), 0);
});

test('binding: backtick expressions are evaluated', () => {
  assert.equal(resolve('`${form.age} >= 18`', context), true);
  assert.equal(resolve("`'Hi ' ${form.name}`", context), 'Hi Ann');
  assert.equal(resolve('`${form.age} + 1`', context), 31);
  assert.equal(resolve("`${screen.START.data.city} == 'Porto'`", context), true);
  assert.ok(isExpression('`1`'));
  assert.ok(!isExpression('`1'));
});

test('binding: objects and lists are resolved deeply', () => {
  assert.deepEqual(resolve({ a: '${form.name}', b: ['${data.ok}', 2], c: { d: '`1 + 1`' } }, context), { a: 'Ann', b: [true, 2], c: { d: 2 } });
  assert.ok(isDynamic({ x: [1, 'y ${data.ok}'] }));
  assert.ok(!isDynamic({ x: [1, 'plain'] }));
});

test('binding: payloads leave out values nobody filled in', () => {
  assert.deepEqual(resolvePayload({ name: '${form.name}', phone: '${form.phone}', nested: { x: '${form.none}', y: 1 } }, context),
    { name: 'Ann', nested: { y: 1 } });
  assert.deepEqual(resolvePayload(undefined, context), {});
});

test('binding: flags', () => {
  assert.equal(resolveBoolean(undefined, context, true), true);
  assert.equal(resolveBoolean('${data.ok}', context, false), true);
  assert.equal(resolveBoolean('${data.n}', context, true), false);
  assert.equal(resolveBoolean(false, context, true), false);
  assert.equal(resolveBoolean('`!${data.ok}`', context, true), false);
});

test('binding: malformed references inside text fail with ExpressionError', () => {
  assert.throws(() => resolve('${nope.x}', context), /must start with data\./, ExpressionError);
  assert.throws(() => resolve('Hi ${data.}', context), /Malformed reference/, ExpressionError);
  assert.throws(() => resolve('`1 +`', context), /ends too early/, ExpressionError);
});

test('binding: version comparison', () => {
  assert.ok(versionAtLeast('7.3', '6.0'));
  assert.ok(versionAtLeast('6.0', '6.0'));
  assert.ok(!versionAtLeast('5.1', '6.0'));
  assert.ok(versionAtLeast('10.0', '9.9'));
  assert.ok(!versionAtLeast(undefined, '1.0'));
});
