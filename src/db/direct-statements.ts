/**
 * Runs a compiled query straight on the connection, without Kysely's executor, when that is
 * certain to mean the same thing. Kysely wraps every query in a connection lock, a provider and a
 * result transform: several promises and objects per query, a tenth of all the garbage an update
 * made (allocation profile). For the few compiled queries every update runs, `compiled-query.ts`
 * asks here first:
 * - on the handle `openDatabase` returned, only while no transaction is open on the connection
 *   (one that is open belongs to someone else; Kysely's lock makes the query wait for its end);
 * - on a group commit's transaction handle, always: its writes run one after another and nothing
 *   else reaches the connection until it commits.
 * The statement goes through the same prepare as Kysely's (statement cache, table versions), and
 * the result has the shape Kysely's SQLite driver gives.
 */
import type { Kysely, QueryResult } from "kysely";
import type { Database } from "./schema.js";

export interface PreparedLike {
  reader: boolean;
  all(parameters: readonly unknown[]): unknown[];
  run(parameters: readonly unknown[]): { changes: number; lastInsertRowid: number | bigint };
}

export interface DirectStatements {
  /** True when a statement run now cannot land inside someone else's transaction. */
  available(): boolean;
  run<Row>(sql: string, parameters: readonly unknown[]): QueryResult<Row>;
}

const direct = new WeakMap<Kysely<Database>, DirectStatements>();

/** Done by `openDatabase` for the handle it returns. */
export function registerDirectStatements(
  db: Kysely<Database>,
  prepare: (sql: string) => PreparedLike,
  inTransaction: () => boolean,
): DirectStatements {
  const statements: DirectStatements = {
    available: () => !inTransaction(),
    run<Row>(sql: string, parameters: readonly unknown[]): QueryResult<Row> {
      const statement = prepare(sql);
      if (statement.reader) return { rows: statement.all(parameters) as Row[] };
      const { changes, lastInsertRowid } = statement.run(parameters);
      return { insertId: BigInt(lastInsertRowid), numAffectedRows: BigInt(changes), rows: [] };
    },
  };
  direct.set(db, statements);
  return statements;
}

/** Lends `outer`'s statements to a transaction handle the caller alone drives until it commits. */
export function lendDirectStatements(outer: Kysely<Database>, trx: Kysely<Database>): void {
  const statements = direct.get(outer);
  if (statements) direct.set(trx, { available: () => true, run: statements.run });
}

/** The direct statements of this handle, if it has any. */
export function directStatementsOf(db: Kysely<Database>): DirectStatements | undefined {
  return direct.get(db);
}
