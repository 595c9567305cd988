/** What the comment store needs from a database: SQL written once, with `?` placeholders. */
export interface SqlExecutor {
  all<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  get<Row>(sql: string, params?: readonly unknown[]): Promise<Row | undefined>;
  /** Runs a statement that returns no rows; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type Dialect = "sqlite" | "postgres";

export interface SqlDatabase extends SqlExecutor {
  readonly dialect: Dialect;
  /** Where the data lives, for messages (a file, or a server without its password). */
  readonly location: string;
  /** Runs `work` in one transaction: all of it is kept, or none of it. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * A single write whose row comes back (INSERT … RETURNING), durable when it resolves. Writes that
   * arrive together may share one commit (group commit): each still waits for the disk.
   */
  writeGrouped<Row>(sql: string, params: readonly unknown[]): Promise<Row | undefined>;
  close(): Promise<void>;
}
