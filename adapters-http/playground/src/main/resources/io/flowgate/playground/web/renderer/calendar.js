// Date arithmetic for DatePicker and CalendarPicker, on plain "YYYY-MM-DD" strings in UTC so that the
// browser's time zone never shifts a day. Pure module: no DOM access, so `node --test` can import it.

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * Reads a date the way Flow JSON writes it: "YYYY-MM-DD" (5.0+), or a timestamp in milliseconds as a
 * number or text (older DatePicker). Returns "YYYY-MM-DD", or null for anything else.
 */
export function toIsoDate(value) {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string' && ISO.test(value)) {
    const [, y, m, d] = ISO.exec(value).map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? value : null;
  }
  const millis = typeof value === 'number' ? value : /^\d+$/.test(String(value)) ? Number(value) : NaN;
  if (!Number.isFinite(millis)) return null;
  return new Date(millis).toISOString().slice(0, 10);
}

/** The value a DatePicker hands to ${form.x}: "YYYY-MM-DD" from Flow JSON 5.0, a millisecond timestamp text before. */
export function formValueOfDate(iso, version) {
  const [major] = String(version ?? '0').split('.').map(Number);
  if (major >= 5) return iso;
  const [y, m, d] = iso.split('-').map(Number);
  return String(Date.UTC(y, m - 1, d));
}

export function addDays(iso, days) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function daysBetween(fromIso, toIso) {
  const time = (iso) => { const [y, m, d] = iso.split('-').map(Number); return Date.UTC(y, m - 1, d); };
  return Math.round((time(toIso) - time(fromIso)) / 86400000);
}

export function weekdayOf(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
}

/**
 * Why a day cannot be picked, or null: before min-date, after max-date, in unavailable-dates,
 * or (CalendarPicker) not one of include-days such as ["Mon", "Tue"].
 */
export function dateProblem(iso, { min = null, max = null, unavailable = [], includeDays = null } = {}) {
  if (min && iso < min) return `Choose a date on or after ${min}`;
  if (max && iso > max) return `Choose a date on or before ${max}`;
  if (unavailable.includes(iso)) return `${iso} is not available`;
  if (includeDays && includeDays.length && !includeDays.includes(weekdayOf(iso))) return `${weekdayOf(iso)} is not available`;
  return null;
}

/** The days of a month grid, Monday first: leading nulls, then "YYYY-MM-DD" for each day. */
export function monthGrid(year, month) {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const lead = (first.getUTCDay() + 6) % 7;
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const cells = Array(lead).fill(null);
  for (let day = 1; day <= length; day++) cells.push(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  return cells;
}

/** One step of range selection: first click starts, a later click ends, an earlier one starts again. */
export function nextRange(range, iso) {
  const start = range?.['start-date'];
  const end = range?.['end-date'];
  if (!start || end || iso < start) return { 'start-date': iso };
  return { 'start-date': start, 'end-date': iso };
}
