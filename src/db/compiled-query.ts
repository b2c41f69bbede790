/**
 * Queries compiled once and run with fresh parameters: for the few queries every update runs
 * (the person, the de-duplication record, the conversation state). Building and compiling a Kysely
 * query costs more than SQLite takes to run it (measured: 10.6 µs against 2.2 µs for the person
 * lookup), so these skip the builder after the first call, and where it means the same they skip
 * Kysely's executor too (direct-statements.ts). Every handle is SQLite, so the compiled text serves
 * any of them, transactions included.
 */
import type { Compilable, CompiledQuery, Kysely, QueryResult } from "kysely";
import { directStatementsOf } from "./direct-statements.js";
import type { Database } from "./schema.js";

/**
 * `build` receives the database and must use the placeholder values it is given, in order: the
 * compiled query's parameters are then replaced by the caller's, position by position.
 */
export function compiledOnce<Params extends readonly unknown[], Row>(
  placeholders: Params,
  build: (db: Kysely<Database>, ...placeholders: Params) => Compilable<Row>,
): (db: Kysely<Database>, ...parameters: Params) => Promise<QueryResult<Row>> {
  let compiled: CompiledQuery<Row> | undefined;
  return (db, ...parameters) => {
    if (!compiled) {
      const query = build(db, ...placeholders).compile();
      if (
        query.parameters.length !== placeholders.length ||
        query.parameters.some((p, i) => p !== placeholders[i])
      )
        throw new Error(`compiled query does not take its parameters in order: ${query.sql}`);
      compiled = query;
    }
    const direct = directStatementsOf(db);
    if (direct?.available()) {
      try {
        return Promise.resolve(direct.run<Row>(compiled.sql, parameters));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return db.executeQuery<Row>({ ...compiled, parameters });
  };
}
