// Dates for people: "3 Feb 2026", "Tue 3 Feb 2026, 10:00"; and dates for the API: `YYYY-MM-DD`.

const DAY = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const DAY_TIME = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const MONTH = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A calendar day (`YYYY-MM-DD`) in words; shown as it is when it is not one. */
export function formatDay(day: string | null): string {
  if (!day) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  return DAY.format(new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** An instant (ISO 8601) in the viewer's time zone. */
export function formatInstant(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DAY_TIME.format(date);
}

/** `YYYY-MM` in words: "Feb 2026". */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  return MONTH.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Today (or `date`) as `YYYY-MM-DD` in the local calendar. */
export function localDay(date: Date = new Date()): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `YYYY-MM` of `date` (local), shifted by `months`. */
export function localMonth(date: Date = new Date(), months = 0): string {
  const shifted = new Date(date.getFullYear(), date.getMonth() + months, 1);
  return `${shifted.getFullYear()}-${pad(shifted.getMonth() + 1)}`;
}

/** A `datetime-local` value ("2026-12-01T10:00") as an ISO instant with offset, or null if empty or invalid. */
export function localDateTimeToIso(value: string): string | null {
  if (value.trim() === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
