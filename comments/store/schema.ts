import { foldVietnamese } from "../shared/fold.ts";
import type { Dialect, SqlDatabase, SqlExecutor } from "./sql-database.ts";

/** The few words the two databases spell differently; everything else is written once. */
const WORDS: Record<Dialect, { id: string; bigint: string; unlogged: string }> = {
  sqlite: { id: "INTEGER PRIMARY KEY AUTOINCREMENT", bigint: "INTEGER", unlogged: "" },
  // Counters (rate limits, failed sign-ins) skip PostgreSQL's log: no wait for the disk on every
  // post; after a crash they start from zero, which costs nothing worth keeping.
  postgres: { id: "SERIAL PRIMARY KEY", bigint: "BIGINT", unlogged: "UNLOGGED" },
};

interface Migration {
  version: number;
  sql: (words: (typeof WORDS)[Dialect]) => string;
  /** Data work after the schema change (rows written by an older version). */
  after?: (tx: SqlExecutor) => Promise<void>;
}

/** What moderators search: name and text, folded so "Dak Lak" finds "Đắk Lắk". */
export function searchTextOf(author: string, body: string): string {
  return foldVietnamese(`${author}\n${body}`);
}

/** Versioned schema changes for both stores, applied in order, each exactly once. */
const MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: ({ id }) => `
      CREATE TABLE comments (
        id ${id},
        article TEXT NOT NULL,
        author TEXT NOT NULL,
        body TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        ip_prefix TEXT
      );
      CREATE INDEX comments_by_article ON comments (article, status, id);
      CREATE INDEX comments_by_status ON comments (status, id);
    `,
  },
  { version: 2, sql: () => "CREATE INDEX comments_by_body ON comments (body, created_at)" },
  {
    version: 3,
    sql: ({ id, bigint, unlogged }) => `
      ALTER TABLE comments ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
      CREATE TABLE moderators (
        name TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE moderator_sessions (
        token_hash TEXT PRIMARY KEY,
        moderator TEXT NOT NULL REFERENCES moderators (name) ON DELETE CASCADE,
        expires_at TEXT NOT NULL
      );
      CREATE TABLE moderation_log (
        id ${id},
        comment_id INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX moderation_log_by_comment ON moderation_log (comment_id, id);
      CREATE ${unlogged} TABLE counters (
        key TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        reset_at ${bigint} NOT NULL
      );
      CREATE TABLE store_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        readers_version ${bigint} NOT NULL
      );
      INSERT INTO store_state (id, readers_version) VALUES (1, 0);
    `,
    after: async (tx) => {
      const rows = await tx.all<{ id: number; author: string; body: string }>("SELECT id, author, body FROM comments");
      for (const row of rows)
        await tx.run("UPDATE comments SET search_text = ? WHERE id = ?", [searchTextOf(row.author, row.body), row.id]);
    },
  },
  // Trust (on every post when turned on) and readers' requests look comments up by network.
  { version: 4, sql: () => "CREATE INDEX comments_by_network ON comments (ip_prefix, id)" },
  // Đọc nhiều: views per article per hour, and nothing about who viewed; articles editors left out.
  {
    version: 5,
    sql: ({ bigint }) => `
      CREATE TABLE article_views (
        article TEXT NOT NULL,
        hour ${bigint} NOT NULL,
        views ${bigint} NOT NULL,
        PRIMARY KEY (article, hour)
      );
      CREATE INDEX article_views_by_hour ON article_views (hour);
      CREATE TABLE most_read_exclusions (
        article TEXT PRIMARY KEY,
        actor TEXT NOT NULL,
        at TEXT NOT NULL
      );
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

/**
 * Brings the database up to the newest schema in one transaction. Several instances starting at
 * once on one PostgreSQL take turns (an advisory lock), so each migration still runs once.
 */
export async function migrate(db: SqlDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    if (db.dialect === "postgres") await tx.get("SELECT pg_advisory_xact_lock(80870001)");
    await tx.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
    );
    const applied = new Set(
      (await tx.all<{ version: number }>("SELECT version FROM schema_migrations")).map((row) => row.version),
    );
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql(WORDS[db.dialect]));
      await migration.after?.(tx);
      await tx.run("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", [
        migration.version,
        new Date().toISOString(),
      ]);
    }
  });
}
