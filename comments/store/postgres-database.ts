import pg from "pg";
import type { SqlDatabase, SqlExecutor } from "./sql-database.ts";

/** `?` placeholders (the store's SQL, shared with SQLite) become PostgreSQL's `$1, $2…`. */
function numbered(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    all: async <Row>(sql: string, params: readonly unknown[] = []) =>
      (await client.query(numbered(sql), params as unknown[])).rows as Row[],
    get: async <Row>(sql: string, params: readonly unknown[] = []) =>
      (await client.query(numbered(sql), params as unknown[])).rows[0] as Row | undefined,
    run: async (sql: string, params: readonly unknown[] = []) =>
      (await client.query(numbered(sql), params as unknown[])).rowCount ?? 0,
    exec: async (sql: string) => void (await client.query(sql)),
  };
}

/** The URL without its password, for messages and logs. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://…";
  }
}

export interface ChannelListener {
  listening: boolean;
  /** Settles after the first attempt to connect, whether it listens or not. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** A pool of connections to one PostgreSQL database, shared by every instance of the endpoint. */
export class PostgresDatabase implements SqlDatabase {
  readonly dialect = "postgres";
  readonly location: string;
  private readonly pool: pg.Pool;
  private readonly direct: SqlExecutor;

  constructor(
    private readonly url: string,
    poolSize = 10,
  ) {
    this.location = withoutPassword(url);
    this.pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
    // An idle connection the server drops (restart, failover) must not crash the endpoint.
    this.pool.on("error", (error) => console.warn(`PostgreSQL: mất một kết nối rỗi (${error.message})`));
    this.direct = executor(this.pool);
  }

  all<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    return this.direct.all<Row>(sql, params);
  }

  get<Row>(sql: string, params?: readonly unknown[]): Promise<Row | undefined> {
    return this.direct.get<Row>(sql, params);
  }

  run(sql: string, params?: readonly unknown[]): Promise<number> {
    return this.direct.run(sql, params);
  }

  /** PostgreSQL groups concurrent commits itself (one WAL flush for several). */
  writeGrouped<Row>(sql: string, params: readonly unknown[]): Promise<Row | undefined> {
    return this.direct.get<Row>(sql, params);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(executor(client));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Calls `onEvent` for every NOTIFY on `channel`, over a connection of its own, and once more each
   * time it (re)connects (notifications sent while it was away are lost). `listening` is false while
   * the connection is down; it reconnects every second until closed.
   */
  listen(channel: string, onEvent: () => void): ChannelListener {
    let firstAttempt: () => void = () => undefined;
    const listener: ChannelListener = {
      listening: false,
      ready: new Promise((resolve) => (firstAttempt = resolve)),
      close: async () => {
        closed = true;
        clearTimeout(retry);
        await client?.end().catch(() => undefined);
      },
    };
    let closed = false;
    let client: pg.Client | undefined;
    let retry: NodeJS.Timeout | undefined;
    const connect = async () => {
      if (closed) return;
      const connection = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 10_000 });
      client = connection;
      const lost = () => {
        if (client !== connection) return;
        listener.listening = false;
        client = undefined;
        void connection.end().catch(() => undefined);
        if (!closed) retry = setTimeout(() => void connect(), 1000);
      };
      connection.on("error", lost);
      connection.on("end", lost);
      connection.on("notification", () => onEvent());
      try {
        await connection.connect();
        await connection.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        listener.listening = true;
        onEvent();
      } catch {
        lost();
      } finally {
        firstAttempt();
      }
    };
    void connect();
    return listener;
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
