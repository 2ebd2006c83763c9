// DOM tests: real rendering in the browser page (node skips them). Each test mounts a screen into a fresh
// element, drives it through DOM events like a user would, and checks the DOM and the events the shell gets.
import { test, assert } from './harness.js';
import { appointment, idDocument, kitchenSink } from './fixtures.js';

const dom = { dom: true };
const { renderScreen, SUPPORTED_COMPONENTS } = typeof document === 'undefined' ? {} : await import('../index.js');

function mount(flowJson, options = {}) {
  const container = document.createElement('div');
  document.body.append(container);
  const events = [];
  const controller = renderScreen(container, { flowJson, onAction: (e) => { events.push(e); return options.answer; }, ...options });
  const $ = (selector) => container.querySelector(selector);
  const $$ = (selector) => [...container.querySelectorAll(selector)];
  return { container, controller, events, $, $$ };
}

/** A one-screen flow around `children` (the Footer is added unless the children carry one). */
function flowOf(children, screen = {}, version = '7.3') {
  return { version, screens: [{ id: 'ONE', title: 'One', layout: { type: 'SingleColumnLayout', children }, ...screen }] };
}

const footer = (payload, name = 'data_exchange') => ({ type: 'Footer', label: 'Go', 'on-click-action': { name, payload } });

function type(element, text) {
  element.value = text;
  element.dispatchEvent(new Event('input', { bubbles: true }));
}
function choose(select, value) {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}
function tick(input) {
  input.checked = !input.checked;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const exampleData = (flow, id) => Object.fromEntries(Object.entries(flow.screens.find((s) => s.id === id).data ?? {}).map(([k, v]) => [k, v.__example__]));

test('render: appointment screen draws its dropdowns from data and blocks the Footer until all are chosen', () => {
  const data = { departments: [{ id: 'general', title: 'General practice' }, { id: 'eye', title: 'Eye care' }],
    locations: [{ id: 'downtown', title: 'Downtown clinic' }], dates: [{ id: '2026-12-01', title: 'Tue, 1 Dec' }], times: [{ id: '09:00', title: '09:00' }] };
  const { $, $$, events } = mount(appointment, { screenId: 'APPOINTMENT', data });
  assert.equal($('[data-role=title]').textContent, 'Book an appointment');
  assert.equal($('button[data-action=back]'), null, 'no back arrow on the first screen');
  assert.equal($$('select').length, 4);
  assert.deepEqual([...$('select[data-component-name=department]').options].map((o) => o.textContent), ['Select an option', 'General practice', 'Eye care']);
  $('button.fg-footer-button').click();
  assert.equal(events.length, 0, 'required dropdowns block the action');
  assert.match($('[data-role=validation-message]').textContent, /Department \(Required\).*Time \(Required\)/);
  assert.equal($$('.fg-invalid').length, 4);
  choose($('select[name=department]'), 'eye');
  choose($('select[name=location]'), 'downtown');
  choose($('select[name=date]'), '2026-12-01');
  choose($('select[name=time]'), '09:00');
  assert.equal($$('.fg-invalid').length, 0, 'choosing clears the field errors');
  $('button.fg-footer-button').click();
  assert.equal(events.length, 1);
  assert.equal(events[0].name, 'data_exchange');
  assert.equal(events[0].screenId, 'APPOINTMENT');
  assert.deepEqual(events[0].payload, { department: 'eye', location: 'downtown', date: '2026-12-01', time: '09:00' });
}, dom);

test('render: typing updates bound text live without replacing the input', () => {
  const { $ } = mount(kitchenSink, { data: exampleData(kitchenSink, 'START') });
  const input = $('input[data-component-name=name]');
  type(input, 'Ann');
  assert.equal($('[data-component-type=TextCaption]').textContent, 'Hello Ann');
  assert.ok(input.isConnected, 'the same input element stays in the page');
  assert.equal($('[data-role=title]').textContent, 'Hello Zoe');
}, dom);

test('render: If follows a form expression and flips branches', () => {
  const { $, $$ } = mount(kitchenSink, { data: exampleData(kitchenSink, 'START') });
  const ifs = $$('[data-component-type=If]');
  assert.equal(ifs[1].textContent, 'Minor or unknown');
  type($('input[data-component-name=age]'), '20');
  assert.equal(ifs[1].textContent, 'Adult');
  assert.equal(ifs[1].dataset.branch, 'then');
  type($('input[data-component-name=age]'), '12');
  assert.equal(ifs[1].textContent, 'Minor or unknown');
}, dom);

test('render: on-select-action update_data changes data locally and reports it', () => {
  const { $, events, controller } = mount(kitchenSink, { data: exampleData(kitchenSink, 'START') });
  assert.equal($('[data-component-type=If]').textContent, '');
  type($('input[data-component-name=name]'), 'Ann');
  choose($('select[data-component-name=size]'), 'm');
  assert.equal($('[data-component-type=If]').textContent, 'Medium is popular');
  assert.deepEqual(events.map((e) => e.name), ['update_data']);
  assert.deepEqual(events[0].payload, { show_extra: true });
  assert.equal(controller.getData().show_extra, true);
  assert.equal($('input[data-component-name=name]').value, 'Ann', 'typed values survive the redraw');
  assert.equal($('select[data-component-name=size]').value, 'm');
}, dom);

test('render: unknown components show a placeholder, never a blank', () => {
  const { $ } = mount(kitchenSink, { data: exampleData(kitchenSink, 'START') });
  assert.equal($('[data-unsupported-type=MagicCarpet]').textContent, 'Unsupported component: MagicCarpet');
  assert.ok(SUPPORTED_COMPONENTS.includes('CalendarPicker'));
  assert.ok(!SUPPORTED_COMPONENTS.includes('MagicCarpet'));
  const bare = mount(flowOf([{ text: 'no type' }]));
  assert.equal(bare.$('.fg-unsupported').textContent, 'Unsupported component: (no type)');
}, dom);

test('render: error_message in the data shows the snackbar; OK dismisses it', () => {
  const { $ } = mount(flowOf([{ type: 'TextBody', text: 'x' }]), { data: { error_message: 'Slot taken, pick another' } });
  const snackbar = $('[data-role=error-message]');
  assert.ok(!snackbar.hidden);
  assert.match(snackbar.textContent, /Slot taken, pick another/);
  $('button[data-action=dismiss-error]').click();
  assert.ok(snackbar.hidden);
  const none = mount(flowOf([{ type: 'TextBody', text: 'x' }]));
  assert.ok(none.$('[data-role=error-message]').hidden);
}, dom);

test('render: back arrow on later screens reports back with refresh_on_back', () => {
  const { $, events } = mount(appointment, { screenId: 'DETAILS', data: exampleData(appointment, 'DETAILS'),
    screenHistory: [{ screenId: 'APPOINTMENT', data: {}, formState: { department: 'general' } }] });
  assert.equal($('.fg-phone').dataset.refreshOnBack, 'true');
  $('button[data-action=back]').click();
  assert.equal(events[0].name, 'back');
  assert.equal(events[0].refreshOnBack, true);
  assert.equal(events[0].screenId, 'DETAILS');
}, dom);

test('render: terminal screens read earlier screens through ${screen.S.form.x} and complete', () => {
  const { $, events } = mount(kitchenSink, { screenId: 'NEXT', screenHistory: [{ screenId: 'START', data: { user: 'Zoe' }, formState: { name: 'Ann' } }] });
  assert.equal($('.fg-phone').dataset.terminal, 'true');
  assert.equal($('.fg-phone').dataset.success, 'true');
  assert.ok($('[data-marker=terminal]') && $('[data-marker=success]'));
  assert.equal($('[data-component-type=TextBody]').textContent, 'Thanks Ann');
  $('button.fg-footer-button').click();
  assert.deepEqual(events[0], { name: 'complete', payload: { name: 'Ann' }, screenId: 'NEXT', origin: 'Footer', formState: {} });
}, dom);

test('render: CheckboxGroup limits the selection and checks the minimum', () => {
  const { $, $$, events } = mount(flowOf([
    { type: 'CheckboxGroup', name: 'extras', label: 'Extras', 'min-selected-items': 2, 'max-selected-items': 2,
      'data-source': [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }, { id: 'c', title: 'C' }] }, footer({ extras: '${form.extras}' })]));
  const boxes = $$('input[data-component-name=extras]');
  tick(boxes[0]);
  $('button.fg-footer-button').click();
  assert.equal(events.length, 0);
  assert.match($('[data-role=field-error]').textContent, /Choose at least 2/);
  tick(boxes[2]);
  assert.ok(boxes[1].disabled, 'the third option greys out at max-selected-items');
  $('button.fg-footer-button').click();
  assert.deepEqual(events[0].payload, { extras: ['a', 'c'] });
}, dom);

test('render: RadioButtonsGroup and ChipsSelector values; Switch follows the radio', () => {
  const { $, controller } = mount(kitchenSink, { data: exampleData(kitchenSink, 'START') });
  tick($('input[data-component-name=drink][data-option-id=coffee]'));
  assert.equal(controller.getFormState().drink, 'coffee');
  assert.equal($('[data-component-type=Switch]').textContent, 'Coffee it is');
  tick($('input[data-component-name=tags][data-option-id=cold]'));
  tick($('input[data-component-name=tags][data-option-id=hot]'));
  assert.deepEqual(controller.getFormState().tags, ['hot', 'cold'], 'in data-source order');
}, dom);

test('render: CalendarPicker range shows the initial range and picks a new one within limits', () => {
  const { $, controller } = mount(kitchenSink, { data: exampleData(kitchenSink, 'START') });
  assert.equal($('[data-role=calendar-month]').textContent, 'March 2026');
  assert.equal($('[data-date="2026-03-10"]').getAttribute('aria-pressed'), 'true');
  assert.ok($('[data-date="2026-03-11"]').classList.contains('fg-in-range'));
  $('button[data-action=calendar-previous-month]').click();
  assert.equal($('[data-role=calendar-month]').textContent, 'February 2026');
  assert.ok($('[data-date="2026-02-27"]').disabled, 'before min-date');
  $('button[data-action=calendar-next-month]').click();
  $('[data-date="2026-03-20"]').click();
  assert.deepEqual(controller.getFormState().stay, { 'start-date': '2026-03-20' });
  $('[data-date="2026-03-22"]').click();
  assert.deepEqual(controller.getFormState().stay, { 'start-date': '2026-03-20', 'end-date': '2026-03-22' });
  assert.match($('[data-role=calendar-selection]').textContent, /Check-in: 2026-03-20 · Check-out: 2026-03-22/);
}, dom);

test('render: CalendarPicker single mode, unavailable dates and a required range', () => {
  const { $, events } = mount(flowOf([
    { type: 'CalendarPicker', name: 'day', label: 'Day', 'min-date': '2026-05-01', 'max-date': '2026-05-31', 'unavailable-dates': ['2026-05-05'], 'init-value': '2026-05-04' },
    { type: 'CalendarPicker', name: 'stay', mode: 'range', required: true, 'min-date': '2026-05-01', 'max-date': '2026-05-31' },
    footer({ day: '${form.day}', stay: '${form.stay}' })]));
  assert.ok($('[data-component-name=day] [data-date="2026-05-05"]').disabled);
  $('[data-component-name=stay] [data-date="2026-05-10"]').click();
  $('button.fg-footer-button').click();
  assert.equal(events.length, 0, 'a range without an end date is incomplete');
  $('[data-component-name=stay] [data-date="2026-05-12"]').click();
  $('button.fg-footer-button').click();
  assert.deepEqual(events[0].payload, { day: '2026-05-04', stay: { 'start-date': '2026-05-10', 'end-date': '2026-05-12' } });
}, dom);

test('render: DatePicker rejects an unavailable date before the Footer fires', () => {
  const { $, events } = mount(flowOf([
    { type: 'DatePicker', name: 'day', label: 'Day', required: true, 'min-date': '2026-01-01', 'unavailable-dates': ['2026-06-01'] },
    footer({ day: '${form.day}' })]));
  const input = $('input[type=date]');
  assert.equal(input.min, '2026-01-01');
  choose(input, '2026-06-01');
  $('button.fg-footer-button').click();
  assert.equal(events.length, 0);
  assert.match($('[data-role=field-error]').textContent, /2026-06-01 is not available/);
  choose(input, '2026-06-02');
  $('button.fg-footer-button').click();
  assert.deepEqual(events[0].payload, { day: '2026-06-02' });
}, dom);

test('render: DatePicker before Flow JSON 5.0 hands over a millisecond timestamp', () => {
  const { $, controller } = mount(flowOf([{ type: 'DatePicker', name: 'day', label: 'Day' }], {}, '4.0'));
  choose($('input[type=date]'), '2024-01-15');
  assert.equal(controller.getFormState().day, String(Date.UTC(2024, 0, 15)));
}, dom);

test('render: OptIn is required and its link reports open_url without following it', () => {
  const { $, events } = mount(flowOf([
    { type: 'OptIn', name: 'agree', label: 'I agree', required: true, 'on-click-action': { name: 'open_url', url: 'https://example.com/terms' } },
    footer({ agree: '${form.agree}' })]));
  $('button.fg-footer-button').click();
  assert.equal(events.length, 0);
  assert.match($('[data-role=validation-message]').textContent, /I agree \(Required\)/);
  $('button[data-action=open_url]').click();
  assert.deepEqual(events[0], { name: 'open_url', url: 'https://example.com/terms', screenId: 'ONE', origin: 'OptIn' });
  assert.match($('[data-role=notice]').textContent, /https:\/\/example\.com\/terms/);
  tick($('input[data-component-name=agree]'));
  $('button.fg-footer-button').click();
  assert.deepEqual(events[1].payload, { agree: true });
}, dom);

test('render: EmbeddedLink and NavigationList navigate with resolved payloads', () => {
  const { $, events } = mount(kitchenSink, { data: exampleData(kitchenSink, 'START') });
  $('button.fg-embedded-link').click();
  assert.equal(events[0].name, 'navigate');
  assert.deepEqual(events[0].next, { type: 'screen', name: 'NEXT' });
  assert.deepEqual(events[0].payload, { from: 'link' });
  $('button.fg-navigation-item[data-option-id=a]').click();
  assert.deepEqual(events[1].payload, { pick: 'a' });
  assert.equal(events[1].origin, 'NavigationList item');
}, dom);

test('render: TextInput checks email, number, min-chars and max-chars', () => {
  const { $, $$, events } = mount(flowOf([
    { type: 'TextInput', name: 'email', label: 'Email', 'input-type': 'email' },
    { type: 'TextInput', name: 'qty', label: 'Quantity', 'input-type': 'number' },
    { type: 'TextInput', name: 'code', label: 'Code', 'min-chars': 3, 'max-chars': 5, pattern: '[A-Z]+' },
    footer({ email: '${form.email}', qty: '${form.qty}', code: '${form.code}' })]));
  type($('input[name=email]'), 'not-an-email');
  type($('input[name=qty]'), 'x');
  type($('input[name=code]'), 'AB');
  assert.equal($('input[name=code]').maxLength, 5);
  $('button.fg-footer-button').click();
  assert.equal(events.length, 0);
  const errors = $$('.fg-invalid [data-role=field-error]').map((e) => e.textContent);
  assert.ok(errors.includes('Enter a valid email address') && errors.includes('Enter a number') && errors.includes('Enter at least 3 characters'), errors.join('; '));
  type($('input[name=email]'), 'a@b.co');
  type($('input[name=qty]'), '3');
  type($('input[name=code]'), 'ab1');
  $('button.fg-footer-button').click();
  assert.equal(events.length, 0, 'pattern still fails');
  type($('input[name=code]'), 'ABC');
  $('button.fg-footer-button').click();
  assert.deepEqual(events[0].payload, { email: 'a@b.co', qty: 3, code: 'ABC' }, 'a number input sends a number');
}, dom);

test('render: error-message bound to data and Form error-messages/init-values', () => {
  const { $, $$ } = mount(flowOf([{ type: 'Form', name: 'f', 'init-values': { city: 'Porto' }, 'error-messages': '${data.errors}', children: [
    { type: 'TextInput', name: 'city', label: 'City' },
    { type: 'TextInput', name: 'zip', label: 'Zip', 'error-message': '${data.zip_error}' }] }]),
  { data: { errors: { city: 'Unknown city' }, zip_error: 'Zip is wrong' } });
  assert.equal($('input[name=city]').value, 'Porto');
  const [cityError, zipError] = $$('.fg-form [data-role=field-error]');
  assert.equal(cityError.textContent, 'Unknown city');
  assert.equal(zipError.textContent, 'Zip is wrong');
  assert.ok(!zipError.hidden);
}, dom);

test('render: a malformed expression shows its reason instead of the component', () => {
  const { $ } = mount(flowOf([{ type: 'TextBody', text: '`1 +`' }, { type: 'TextHeading', text: 'still here' }]));
  assert.match($('[data-role=binding-error]').textContent, /Expression ends too early/);
  assert.equal($('[data-component-type=TextHeading]').textContent, 'still here');
}, dom);

test('render: PhotoPicker hands File objects to the shell and keeps what it returns', async () => {
  const picked = [];
  const { $, events } = mount(idDocument, { onFilesPicked: async (request) => { picked.push(request); return [{ media_id: 'm1', file_name: request.files[0].name }]; } });
  $('button.fg-footer-button').click();
  assert.equal(events.length, 0, 'min-uploaded-photos 1 makes the picker required');
  const input = $('input[type=file][data-component-name=photo]');
  const transfer = new DataTransfer();
  transfer.items.add(new File([new Uint8Array([0xff, 0xd8, 0xff])], 'id.jpg', { type: 'image/jpeg' }));
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await settle();
  assert.equal(picked.length, 1);
  assert.equal(picked[0].name, 'photo');
  assert.equal(picked[0].component, 'PhotoPicker');
  assert.equal(picked[0].screenId, 'UPLOAD');
  assert.equal(picked[0].files[0].name, 'id.jpg');
  assert.match($('[data-role=picked-files]').textContent, /id\.jpg/);
  $('button.fg-footer-button').click();
  assert.deepEqual(events[0].payload, { photo: [{ media_id: 'm1', file_name: 'id.jpg' }] });
}, dom);

test('render: DocumentPicker refuses a file type outside allowed-mime-types', async () => {
  const { $, controller } = mount(flowOf([{ type: 'DocumentPicker', name: 'doc', label: 'Doc', 'allowed-mime-types': ['application/pdf'] }]),
    { onFilesPicked: async () => ['uploaded'] });
  const input = $('input[type=file]');
  const transfer = new DataTransfer();
  transfer.items.add(new File(['x'], 'notes.txt', { type: 'text/plain' }));
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await settle();
  assert.match($('[data-role=upload-status]').textContent, /notes\.txt is not one of application\/pdf/);
  assert.equal(controller.getFormState().doc, undefined);
}, dom);

test('render: Image builds a data URL with its size and scale type', () => {
  const { $ } = mount(kitchenSink, { data: exampleData(kitchenSink, 'START') });
  const image = $('.fg-image');
  assert.match(image.src, /^data:image\/png;base64,iVBOR/);
  assert.equal(image.style.width, '100px');
  assert.equal(image.style.objectFit, 'cover');
  assert.equal(image.alt, 'a pixel');
}, dom);

test('render: visible and enabled follow bindings', () => {
  const { $ } = mount(flowOf([
    { type: 'TextInput', name: 'a', label: 'A' },
    { type: 'TextBody', text: 'shown when a is set', visible: "`${form.a} != ''`" },
    { type: 'TextInput', name: 'b', label: 'B', enabled: '${data.editable}', required: true },
    footer({})]), { data: { editable: false } });
  const body = $('[data-component-type=TextBody]');
  assert.ok(body.hidden);
  type($('input[name=a]'), 'x');
  assert.ok(!body.hidden);
  assert.ok($('input[name=b]').disabled);
}, dom);

test('render: hidden required inputs are not checked', () => {
  const { $, events } = mount(flowOf([
    { type: 'If', condition: '${data.ask}', then: [{ type: 'TextInput', name: 'x', label: 'X', required: true }] },
    footer({ x: '${form.x}' })]), { data: { ask: false } });
  $('button.fg-footer-button').click();
  assert.deepEqual(events[0].payload, {});
}, dom);

test('render: a pending action marks the frame busy until the shell answers', async () => {
  let release;
  const answer = new Promise((resolve) => { release = resolve; });
  const { $ } = mount(flowOf([footer({})]), { answer });
  $('button.fg-footer-button').click();
  assert.equal($('.fg-phone').dataset.busy, 'true');
  release();
  await settle();
  assert.equal($('.fg-phone').dataset.busy, undefined);
}, dom);

test('render: update() merges new data and keeps typed values', () => {
  const { $, controller } = mount(flowOf([{ type: 'TextInput', name: 'n', label: 'N' }, { type: 'TextBody', text: '${data.msg}' }]), { data: { msg: 'one', other: 1 } });
  type($('input[name=n]'), 'kept');
  controller.update({ data: { msg: 'two', error_message: 'Try again' } });
  assert.equal($('[data-component-type=TextBody]').textContent, 'two');
  assert.equal($('input[name=n]').value, 'kept');
  assert.equal(controller.getData().other, 1);
  assert.match($('[data-role=error-message]').textContent, /Try again/);
}, dom);

test('render: RichText and markdown TextBody draw formatting without HTML injection', () => {
  const { $ } = mount(flowOf([
    { type: 'RichText', text: ['# Head', '**b** <img src=x onerror=alert(1)>'] },
    { type: 'TextBody', markdown: true, text: 'plain *it*' }]));
  assert.equal($('.fg-rich-text h2').textContent, 'Head');
  assert.equal($('.fg-rich-text strong').textContent, 'b');
  assert.equal($('.fg-rich-text img'), null, 'markup in text stays text');
  assert.match($('.fg-rich-text').textContent, /<img src=x/);
  assert.equal($('[data-component-type=TextBody] em').textContent, 'it');
}, dom);

test('render: an unknown screen id is refused with the list of screens', () => {
  assert.throws(() => renderScreen(document.createElement('div'), { flowJson: appointment, screenId: 'NOPE' }), /Screen NOPE is not in the Flow JSON \(screens: APPOINTMENT, DETAILS, SUMMARY\)/);
  assert.throws(() => renderScreen(document.createElement('div'), { flowJson: { screens: [] } }), /non-empty "screens"/);
}, dom);

test('render: footer captions and label bindings', () => {
  const { $ } = mount(kitchenSink, { data: exampleData(kitchenSink, 'START') });
  assert.equal($('[data-role=left-caption]').textContent, 'Step 1');
  assert.equal($('[data-role=right-caption]').textContent, 'of 2');
  assert.equal($('button.fg-footer-button').dataset.action, 'data_exchange');
  assert.equal($('button.fg-footer-button').textContent, 'Continue');
}, dom);

test('render: ImageCarousel steps through its images', () => {
  const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const { $ } = mount(flowOf([{ type: 'ImageCarousel', images: [{ src: pixel, 'alt-text': 'one' }, { src: '/9j/4AAQ', 'alt-text': 'two' }] }]));
  assert.equal($('[data-role=carousel-position]').textContent, '1 / 2');
  $('button[data-action=carousel-next]').click();
  assert.equal($('[data-role=carousel-position]').textContent, '2 / 2');
  assert.match($('.fg-carousel img').src, /^data:image\/jpeg;base64,/);
  $('button[data-action=carousel-next]').click();
  assert.equal($('.fg-carousel img').alt, 'one', 'wraps around');
}, dom);

test('render: item-level on-select and on-unselect actions update data', () => {
  const { $, events, controller } = mount(flowOf([
    { type: 'CheckboxGroup', name: 'opts', label: 'Options', 'data-source': [
      { id: 'a', title: 'A', 'on-select-action': { name: 'update_data', payload: { picked_a: true } },
        'on-unselect-action': { name: 'update_data', payload: { picked_a: false } } }] },
    { type: 'TextBody', text: 'A is picked', visible: '${data.picked_a}' }]), { data: { picked_a: false } });
  assert.ok($('[data-component-type=TextBody]').hidden);
  tick($('input[data-option-id=a]'));
  assert.ok(!$('[data-component-type=TextBody]').hidden);
  assert.equal($('input[data-option-id=a]').checked, true, 'the redraw keeps the selection');
  tick($('input[data-option-id=a]'));
  assert.ok($('[data-component-type=TextBody]').hidden);
  assert.deepEqual(events.map((e) => [e.name, e.origin, e.payload.picked_a]), [['update_data', 'on-select-action', true], ['update_data', 'on-unselect-action', false]]);
  assert.equal(controller.getFormState().opts, undefined);
}, dom);

test('render: a Dropdown on-select data_exchange goes to the shell without validation', () => {
  const { $, events } = mount(flowOf([
    { type: 'TextInput', name: 'must', label: 'Must', required: true },
    { type: 'Dropdown', name: 'city', label: 'City', 'data-source': [{ id: 'opo', title: 'Porto' }],
      'on-select-action': { name: 'data_exchange', payload: { city: '${form.city}' } } }]));
  choose($('select[name=city]'), 'opo');
  assert.deepEqual(events[0], { name: 'data_exchange', payload: { city: 'opo' }, screenId: 'ONE', origin: 'on-select-action', formState: { city: 'opo' } });
}, dom);

test('render: TextArea keeps to max-length and its value', () => {
  const { $, controller } = mount(flowOf([{ type: 'TextArea', name: 'note', label: 'Note', 'max-length': 10, 'init-value': 'hi' }]));
  const area = $('textarea[data-component-name=note]');
  assert.equal(area.maxLength, 10);
  assert.equal(area.value, 'hi');
  assert.equal(controller.getFormState().note, 'hi', 'init-value is the starting form value');
  type(area, 'changed');
  assert.equal(controller.getFormState().note, 'changed');
}, dom);

test('render: a redraw after update_data keeps the focused input focused', () => {
  const { $ } = mount(flowOf([
    { type: 'TextInput', name: 'q', label: 'Q' },
    { type: 'Dropdown', name: 'd', label: 'D', 'data-source': [{ id: 'x', title: 'X' }], 'on-select-action': { name: 'update_data', payload: { n: 1 } } }]));
  const select = $('select[name=d]');
  select.focus();
  choose(select, 'x');
  assert.equal(document.activeElement.getAttribute('data-component-name'), 'd');
  assert.ok(document.activeElement !== select, 'it is the redrawn element');
}, dom);

test('render: the snackbar also comes from update() and goes when the next data has none', () => {
  const { $, controller } = mount(flowOf([{ type: 'TextBody', text: 'x' }]));
  controller.update({ data: { error_message: 'Server says no' }, replaceData: true });
  assert.ok(!$('[data-role=error-message]').hidden);
  controller.update({ data: { fine: true }, replaceData: true });
  assert.ok($('[data-role=error-message]').hidden);
}, dom);

test('render: complete on a non-terminal screen still reports, with a notice', () => {
  const { $, events } = mount(flowOf([footer({ a: 1 }, 'complete')]));
  $('button.fg-footer-button').click();
  assert.equal(events[0].name, 'complete');
  assert.match($('[data-role=notice]').textContent, /complete is only allowed on terminal screens; ONE is not terminal/);
}, dom);

test('render: from 6.0 an on-select-action fires once when the screen renders with a value', async () => {
  const dropdown = { type: 'Dropdown', name: 'd', label: 'D', 'init-value': 'x', 'data-source': [{ id: 'x', title: 'X' }],
    'on-select-action': { name: 'update_data', payload: { seen: '${form.d}' } } };
  const { events, controller } = mount(flowOf([dropdown, { type: 'TextBody', text: '${data.seen}' }]));
  assert.equal(events.length, 0, 'not before renderScreen has returned');
  await settle();
  assert.deepEqual(events.map((e) => [e.name, e.origin, e.payload]), [['update_data', 'on-select-action (render)', { seen: 'x' }]]);
  assert.equal(controller.getData().seen, 'x');
  controller.update({ data: { other: 1 } });
  await settle();
  assert.equal(events.length, 1, 'a redraw of the same screen does not fire it again');
  const old = mount(flowOf([dropdown], {}, '5.1'));
  await settle();
  assert.equal(old.events.length, 0, 'not before 6.0');
  const empty = mount(flowOf([{ ...dropdown, 'init-value': undefined }]));
  await settle();
  assert.equal(empty.events.length, 0, 'nothing selected, nothing fired');
}, dom);

test('render: odd component shapes show a problem box instead of breaking the screen', () => {
  const { $, $$ } = mount(flowOf([
    { type: 'Dropdown', name: 'd', label: 'D', 'data-source': '${data.missing}' },
    { type: 'NavigationList', name: 'n', 'list-items': 'not a list' },
    { type: 'RadioButtonsGroup', name: 'r', label: 'R', 'data-source': ['plain', null] },
    null,
    { type: 'TextBody', text: 'after' }]));
  assert.match($$('[data-role=binding-error]')[0].textContent, /Dropdown: data-source must be a list/);
  assert.match($$('[data-role=binding-error]')[1].textContent, /list-items must be a list/);
  assert.equal($$('.fg-unsupported').length, 1, 'the null child');
  assert.equal($$('[data-component-type=TextBody]').pop().textContent, 'after');
}, dom);

test('render: a Footer inside an If branch swaps with the branch', () => {
  const { $, $$, events } = mount(flowOf([
    { type: 'OptIn', name: 'more', label: 'More' },
    { type: 'If', condition: '${form.more}',
      then: [{ type: 'Footer', label: 'Next', 'on-click-action': { name: 'navigate', next: { type: 'screen', name: 'MORE' }, payload: {} } }],
      else: [{ type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] }], { terminal: true }));
  assert.deepEqual($$('button.fg-footer-button').map((b) => b.textContent), ['Done']);
  tick($('input[data-component-name=more]'));
  assert.deepEqual($$('button.fg-footer-button').map((b) => b.textContent), ['Next']);
  $('button.fg-footer-button').click();
  assert.equal(events[0].name, 'navigate');
  assert.equal(events[0].next.name, 'MORE');
}, dom);
