/**
 * Applies the numbered migrations in `migrations/` (compiled or source, whichever runs).
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Kysely } from "kysely";
import { type Migration, type MigrationProvider, Migrator } from "kysely/migration";
import { projectPath } from "../paths.js";

const MIGRATION_FILE = /^(\d{4}_[\w-]+)\.(js|ts)$/;

/** Finds migrations beside the running code: `dist/migrations/*.js` when built, `migrations/*.ts` under tsx. */
export class NumberedMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string = migrationsFolder()) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter((f) => MIGRATION_FILE.test(f) && !f.endsWith(".d.ts"));
    const migrations: Record<string, Migration> = {};
    for (const file of files.sort()) {
      const name = MIGRATION_FILE.exec(file)?.[1];
      if (!name || migrations[name]) continue;
      migrations[name] = (await import(pathToFileURL(join(this.folder, file)).href)) as Migration;
    }
    return migrations;
  }
}

export function migrationsFolder(): string {
  return import.meta.url.includes("/dist/") ? projectPath("dist", "migrations") : projectPath("migrations");
}

/** Brings the schema to the latest migration; throws with the failing migration's name. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new NumberedMigrationProvider(migrationsFolder()) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? "(unknown)"} failed: ${reason}`);
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** The migrations of this version that the database has not applied (read only). */
export async function pendingMigrations<T>(db: Kysely<T>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new NumberedMigrationProvider(migrationsFolder()) });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}
