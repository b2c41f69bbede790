/**
 * Puts many people straight into a running bot's database, for stories about delivery at scale
 * where joining 200 people one by one through the chat would only slow the test down.
 */
import SQLite from "better-sqlite3";

export interface SeededPerson {
  telegramId: number;
  name: string;
  role: "coordinator" | "alternate" | "observer" | "secretariat";
  state?: string | null;
  org?: string | null;
  language?: string | null;
}

export function seedPeople(databasePath: string, people: readonly SeededPerson[], now = Date.now()): void {
  const db = new SQLite(databasePath);
  db.pragma("busy_timeout = 5000");
  try {
    const insert = db.prepare(
      `INSERT INTO people (telegram_id, name, role, state_code, org_code, language, time_zone, joined_at, last_seen_at)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
    );
    db.transaction(() => {
      for (const p of people)
        insert.run(
          p.telegramId,
          p.name,
          p.role,
          p.state ?? null,
          p.org ?? null,
          p.language ?? null,
          now,
          now,
        );
    })();
  } finally {
    db.close();
  }
}

/** Runs a read-only query against the bot's database. */
export function queryDb<T>(databasePath: string, sql: string, ...params: unknown[]): T[] {
  const db = new SQLite(databasePath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
