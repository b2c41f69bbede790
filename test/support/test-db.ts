/**
 * A migrated in-memory database for unit tests of the domain rules.
 */
import { type OpenedDatabase, openDatabase } from "../../src/db/database.js";
import { migrateToLatest } from "../../src/db/migrate.js";

export async function testDatabase(): Promise<OpenedDatabase> {
  const opened = openDatabase(":memory:");
  await migrateToLatest(opened.db);
  return opened;
}
