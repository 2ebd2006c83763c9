// Dates: DatePicker (a date field) and CalendarPicker (a month grid, single or range mode).

import { toText } from './binding.js';
import { fieldBlock, h, uniqueId } from './dom.js';
import { bindCommon } from './inputs.js';
import { dateProblem, daysBetween, formValueOfDate, monthGrid, nextRange, toIsoDate } from './calendar.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function limitsOf(component, ui) {
  const unavailable = ui.resolve(component['unavailable-dates']);
  const includeDays = ui.resolve(component['include-days']);
  return {
    min: toIsoDate(ui.resolve(component['min-date'])),
    max: toIsoDate(ui.resolve(component['max-date'])),
    unavailable: Array.isArray(unavailable) ? unavailable.map(toIsoDate).filter(Boolean) : [],
    includeDays: Array.isArray(includeDays) ? includeDays : null,
  };
}

function fireSelect(component, ui) {
  if (component['on-select-action']) ui.dispatch(component['on-select-action'], { origin: 'on-select-action' });
}

function renderDatePicker(component, ui) {
  const id = uniqueId('date');
  const limits = limitsOf(component, ui);
  const input = h('input', { id, type: 'date', name: component.name, 'data-component-name': component.name,
    min: limits.min ?? undefined, max: limits.max ?? undefined });
  input.value = toIsoDate(ui.initialValue(component.name, component)) ?? '';
  ui.selectedOnRender(component, input.value);
  input.addEventListener('change', () => {
    const iso = toIsoDate(input.value);
    ui.setValue(component.name, iso ? formValueOfDate(iso, ui.version) : undefined);
    if (iso) fireSelect(component, ui);
  });
  const { root, error } = fieldBlock(ui, component, input, { controlId: id, kind: 'date' });
  bindCommon(component, ui, input, error, (value) => {
    const iso = toIsoDate(value);
    return iso ? dateProblem(iso, limits) : 'Enter a valid date';
  });
  return root;
}

function renderCalendarPicker(component, ui) {
  const range = component.mode === 'range';
  const limits = limitsOf(component, ui);
  const minDays = component['min-days'] === undefined ? undefined : Number(ui.resolve(component['min-days']));
  const maxDays = component['max-days'] === undefined ? undefined : Number(ui.resolve(component['max-days']));
  let value = ui.initialValue(component.name, component);
  ui.selectedOnRender(component, value);
  const shown = toIsoDate(range ? value?.['start-date'] : value) ?? limits.min ?? new Date().toISOString().slice(0, 10);
  let year = Number(shown.slice(0, 4));
  let month = Number(shown.slice(5, 7));

  const caption = h('span', { class: 'fg-calendar-month', 'data-role': 'calendar-month' });
  const grid = h('div', { class: 'fg-calendar-grid' });
  const summary = h('div', { class: 'fg-helper', 'data-role': 'calendar-selection' });
  const move = (delta) => {
    month += delta;
    if (month === 0) { month = 12; year -= 1; }
    if (month === 13) { month = 1; year += 1; }
    draw();
  };
  const calendar = h('div', { class: 'fg-calendar', 'data-component-name': component.name, 'data-mode': range ? 'range' : 'single' },
    h('div', { class: 'fg-calendar-head' },
      h('button', { type: 'button', class: 'fg-icon-button', 'data-action': 'calendar-previous-month', 'aria-label': 'Previous month', onclick: () => move(-1) }, '\u2039'),
      caption,
      h('button', { type: 'button', class: 'fg-icon-button', 'data-action': 'calendar-next-month', 'aria-label': 'Next month', onclick: () => move(1) }, '\u203a')),
    grid, summary);

  function pick(iso) {
    value = range ? nextRange(value, iso) : iso;
    ui.setValue(component.name, value);
    draw();
    if (!range || value['end-date']) fireSelect(component, ui);
  }

  function draw() {
    caption.textContent = `${MONTHS[month - 1]} ${year}`;
    const start = range ? value?.['start-date'] : value;
    const end = range ? value?.['end-date'] : null;
    const days = monthGrid(year, month).map((iso) => {
      if (!iso) return h('span', { class: 'fg-day-empty' });
      const selected = iso === start || iso === end;
      const problem = dateProblem(iso, limits);
      return h('button', { type: 'button', class: `fg-day${start && end && iso > start && iso < end ? ' fg-in-range' : ''}`,
        'data-action': 'pick-date', 'data-component-name': component.name, 'data-date': iso, 'aria-pressed': String(selected),
        'data-locked-disabled': problem ? 'true' : undefined, disabled: Boolean(problem) || !ui.bool(component.enabled, true), title: problem ?? iso, onclick: () => pick(iso) },
      String(Number(iso.slice(8))));
    });
    grid.replaceChildren(...['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => h('span', { class: 'fg-weekday' }, d)), ...days);
    summary.textContent = range
      ? `${rangeLabel(component, ui, 'start-date')}: ${start ?? '-'} \u00b7 ${rangeLabel(component, ui, 'end-date')}: ${end ?? '-'}`
      : `Selected: ${start ?? '-'}`;
  }

  const { root, error } = fieldBlock(ui, { ...component, label: undefined }, calendar, { kind: 'calendar-picker' });
  const heading = [component.title, component.label && !range ? component.label : undefined, component.description]
    .filter((p) => p !== undefined).map((p) => {
      const element = h('div', { class: p === component.title ? 'fg-text-subheading' : p === component.description ? 'fg-helper' : 'fg-label' });
      ui.live(() => { element.textContent = ui.text(p); });
      return element;
    });
  root.prepend(...heading);
  bindCommon(component, ui, calendar, error, (current) => {
    if (!range) return dateProblem(toIsoDate(current) ?? '', limits);
    const nights = daysBetween(current['start-date'], current['end-date'] ?? current['start-date']);
    if (!current['end-date']) return `Choose the ${rangeLabel(component, ui, 'end-date').toLowerCase()} too`;
    if (Number.isFinite(minDays) && nights < minDays) return `Choose at least ${minDays} days`;
    if (Number.isFinite(maxDays) && nights > maxDays) return `Choose at most ${maxDays} days`;
    return null;
  }, {
    isComplete: (current) => !range || Boolean(current?.['end-date']),
    labelText: () => (range ? `${rangeLabel(component, ui, 'start-date')} / ${rangeLabel(component, ui, 'end-date')}` : toText(ui.resolve(component.label ?? component.title ?? component.name))),
  });
  draw();
  return root;
}

function rangeLabel(component, ui, key) {
  const label = ui.resolve(component.label);
  if (label && typeof label === 'object' && label[key]) return toText(label[key]);
  return key === 'start-date' ? 'Start date' : 'End date';
}

export const components = {
  DatePicker: renderDatePicker,
  CalendarPicker: renderCalendarPicker,
};
