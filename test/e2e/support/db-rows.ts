// Reads the durable records of a database as plain rows, so a test can show that nothing stored
// before a fault is missing or changed after it. Columns that change by design while a meeting is
// live (join and leave times, the live placement snapshot) are left out.
import pg from 'pg';

/** Table → columns left out of the comparison, with why. */
const TABLES: Record<string, string[]> = {
  ConsentRecord: [],
  Message: [],
  MessageVersion: [],
  AuditEvent: [],
  Invitation: [],
  Case: [],
  CaseParty: [],
  // joinedAt/leftAt move as people reconnect.
  Participant: ['joinedAt', 'leftAt'],
  // The placement snapshot is rewritten while the meeting is live.
  Meeting: ['roomSnapshot'],
};

export type Rows = Record<string, Map<string, string>>;

export async function readRows(databaseUrl: string): Promise<Rows> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const out: Rows = {};
    for (const [table, skip] of Object.entries(TABLES)) {
      const { rows } = await client.query<Record<string, unknown>>(`SELECT * FROM "${table}"`);
      out[table] = new Map(rows.map((row) => {
        for (const column of skip) delete row[column];
        return [String(row['id']), JSON.stringify(row)];
      }));
    }
    return out;
  } finally {
    await client.end();
  }
}

/** Rows present before and missing or different after, per table (empty when nothing was lost). */
export function lostOrChanged(before: Rows, after: Rows, allowChange: Record<string, (id: string) => boolean> = {}): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  for (const [table, rows] of Object.entries(before)) {
    for (const [id, row] of rows) {
      const now = after[table]?.get(id);
      if (now === undefined) (problems[table] ??= []).push(`${id} missing`);
      else if (now !== row && !allowChange[table]?.(id)) (problems[table] ??= []).push(`${id} changed: ${row} → ${now}`);
    }
  }
  return problems;
}

export function counts(rows: Rows): Record<string, number> {
  return Object.fromEntries(Object.entries(rows).map(([table, r]) => [table, r.size]));
}

/** Audit entries with this action after `since`, as participant id → detail. */
export async function auditSince(databaseUrl: string, action: string, since: Date): Promise<Map<string, Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ subjectId: string; detail: Record<string, unknown> | null }>(
      'SELECT "subjectId", detail FROM "AuditEvent" WHERE action = $1 AND at > $2 ORDER BY at',
      [action, since],
    );
    return new Map(rows.map((r) => [r.subjectId, r.detail ?? {}]));
  } finally {
    await client.end();
  }
}
