import { test, assert } from './harness.js';
import { addDays, dateProblem, daysBetween, formValueOfDate, monthGrid, nextRange, toIsoDate, weekdayOf } from '../calendar.js';

test('calendar: dates as ISO text or millisecond timestamps', () => {
  assert.equal(toIsoDate('2026-02-28'), '2026-02-28');
  assert.equal(toIsoDate('2026-02-30'), null, 'not a real day');
  assert.equal(toIsoDate(String(Date.UTC(2024, 0, 15))), '2024-01-15');
  assert.equal(toIsoDate(Date.UTC(2024, 0, 15)), '2024-01-15');
  assert.equal(toIsoDate('15/01/2024'), null);
  assert.equal(toIsoDate(''), null);
});

test('calendar: DatePicker form value depends on the Flow JSON version', () => {
  assert.equal(formValueOfDate('2024-01-15', '7.3'), '2024-01-15');
  assert.equal(formValueOfDate('2024-01-15', '4.0'), String(Date.UTC(2024, 0, 15)));
});

test('calendar: arithmetic across months and leap years', () => {
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2023-12-31', 1), '2024-01-01');
  assert.equal(daysBetween('2026-03-10', '2026-03-12'), 2);
  assert.equal(weekdayOf('2026-12-02'), 'Wed');
});

test('calendar: limits, unavailable dates and include-days', () => {
  const limits = { min: '2026-03-01', max: '2026-03-31', unavailable: ['2026-03-15'], includeDays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'] };
  assert.equal(dateProblem('2026-03-10', limits), null);
  assert.match(dateProblem('2026-02-28', limits), /on or after 2026-03-01/);
  assert.match(dateProblem('2026-04-01', limits), /on or before 2026-03-31/);
  assert.match(dateProblem('2026-03-15', limits), /not available/);
  assert.match(dateProblem('2026-03-14', limits), /Sat is not available/);
});

test('calendar: month grid starts on Monday', () => {
  const grid = monthGrid(2026, 12); // 1 Dec 2026 is a Tuesday
  assert.equal(grid[0], null);
  assert.equal(grid[1], '2026-12-01');
  assert.equal(grid.filter(Boolean).length, 31);
  assert.equal(monthGrid(2024, 2).filter(Boolean).length, 29);
});

test('calendar: range selection', () => {
  let range = nextRange(undefined, '2026-03-10');
  assert.deepEqual(range, { 'start-date': '2026-03-10' });
  range = nextRange(range, '2026-03-12');
  assert.deepEqual(range, { 'start-date': '2026-03-10', 'end-date': '2026-03-12' });
  assert.deepEqual(nextRange(range, '2026-03-20'), { 'start-date': '2026-03-20' }, 'a third click starts again');
  assert.deepEqual(nextRange({ 'start-date': '2026-03-10' }, '2026-03-01'), { 'start-date': '2026-03-01' }, 'an earlier day restarts');
});
