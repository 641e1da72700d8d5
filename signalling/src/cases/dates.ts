// Calendar days (`YYYY-MM-DD`) as the API speaks them, and as PostgreSQL DATE columns hold them.

/** `2026-03-04` -> the Date Prisma stores for that DATE (UTC midnight). */
export function dayToDate(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/** A DATE column's value -> `YYYY-MM-DD`. */
export function dateToDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function optionalDay(date: Date | null): string | null {
  return date ? dateToDay(date) : null;
}

/** Whole days from `from` to `to` (both DATE values). */
export function daysBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / 86_400_000);
}
