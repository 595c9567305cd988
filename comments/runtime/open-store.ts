import type { CommentsConfig } from "./config.ts";
import { PostgresDatabase } from "../store/postgres-database.ts";
import { SqliteDatabase } from "../store/sqlite-database.ts";
import { CommentStore } from "../store/store.ts";

/** The store the settings name: PostgreSQL when COMMENTS_DATABASE_URL is set, else the SQLite file. */
export async function openStore(config: Pick<CommentsConfig, "dbFile" | "databaseUrl" | "databasePoolSize">) {
  return CommentStore.open(
    config.databaseUrl
      ? new PostgresDatabase(config.databaseUrl, config.databasePoolSize)
      : new SqliteDatabase(config.dbFile),
  );
}
