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
  /** Writes waiting for the next group commit. */
  private group: {
    sql: string;
    params: readonly unknown[];
    resolve: (row: unknown) => void;
    reject: (error: unknown) => void;
  }[] = [];

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

  /**
   * With synchronous=FULL each commit waits for the disk (~0.4 ms here), and SQLite's calls block the
   * event loop meanwhile. Writes queued in the same turn of the loop (many readers posting at once)
   * share one transaction: one wait for the disk, and each answer only after it.
   */
  writeGrouped<Row>(sql: string, params: readonly unknown[]): Promise<Row | undefined> {
    return new Promise((resolve, reject) => {
      if (this.group.push({ sql, params, resolve: resolve as (row: unknown) => void, reject }) === 1)
        setImmediate(() => void this.commitGroup());
    });
  }

  private async commitGroup(): Promise<void> {
    await this.idle();
    const group = this.group;
    this.group = [];
    const results: { row?: unknown; error?: unknown }[] = [];
    try {
      this.db.exec("BEGIN IMMEDIATE");
      for (const write of group) {
        // A savepoint each: one write that fails (a constraint) takes none of the others with it.
        this.db.exec("SAVEPOINT grouped");
        try {
          results.push({ row: this.statement(write.sql).get(...write.params) });
          this.db.exec("RELEASE grouped");
        } catch (error) {
          this.db.exec("ROLLBACK TO grouped");
          this.db.exec("RELEASE grouped");
          results.push({ error });
        }
      }
      this.db.exec("COMMIT");
    } catch (error) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      for (const write of group) write.reject(error);
      return;
    }
    group.forEach((write, index) => {
      const result = results[index]!;
      if (result.error === undefined) write.resolve(result.row);
      else write.reject(result.error);
    });
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
    if (this.group.length > 0) await this.commitGroup();
    this.db.close();
  }
}
