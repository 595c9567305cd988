import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { SqlDatabase, SqlExecutor } from "./sql-database.ts";

/**
 * One SQLite file through better-sqlite3. Its calls are synchronous, so a transaction that awaits
 * between statements would let other requests' statements run inside it: while one is open, every
 * other call waits for it to end.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly dialect = "sqlite";
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private openTransaction: Promise<unknown> | undefined;

  constructor(readonly location: string) {
    if (location !== ":memory:") mkdirSync(path.dirname(path.resolve(location)), { recursive: true });
    this.db = new Database(location);
    // WAL lets readers run during writes; synchronous=FULL makes every acknowledged commit durable.
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = ON");
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private readonly direct: SqlExecutor = {
    all: async <Row>(sql: string, params: readonly unknown[] = []) => this.statement(sql).all(...params) as Row[],
    get: async <Row>(sql: string, params: readonly unknown[] = []) =>
      this.statement(sql).get(...params) as Row | undefined,
    run: async (sql: string, params: readonly unknown[] = []) => this.statement(sql).run(...params).changes,
    exec: async (sql: string) => void this.db.exec(sql),
  };

  private async idle(): Promise<void> {
    while (this.openTransaction) await this.openTransaction.catch(() => undefined);
  }

  async all<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    if (this.openTransaction) await this.idle();
    return this.direct.all<Row>(sql, params);
  }

  async get<Row>(sql: string, params?: readonly unknown[]): Promise<Row | undefined> {
    if (this.openTransaction) await this.idle();
    return this.direct.get<Row>(sql, params);
  }

  async run(sql: string, params?: readonly unknown[]): Promise<number> {
    if (this.openTransaction) await this.idle();
    return this.direct.run(sql, params);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    await this.idle();
    const running = (async () => {
      this.db.exec("BEGIN IMMEDIATE");
      try {
        const result = await work(this.direct);
        this.db.exec("COMMIT");
        return result;
      } catch (error) {
        this.db.exec("ROLLBACK");
        throw error;
      }
    })();
    this.openTransaction = running;
    try {
      return await running;
    } finally {
      if (this.openTransaction === running) this.openTransaction = undefined;
    }
  }

  async exec(sql: string): Promise<void> {
    await this.idle();
    this.db.exec(sql);
  }

  /** An online backup: a consistent copy taken while the server keeps accepting comments. */
  async backup(destination: string): Promise<void> {
    mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
    await this.db.backup(destination);
  }

  async close(): Promise<void> {
    await this.idle();
    this.db.close();
  }
}
