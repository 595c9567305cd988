// Moving a newsroom's comments to another store (SQLite → PostgreSQL when one server is no longer
// enough): comments with their ids, the moderation log, the moderators' accounts and Đọc nhiều's
// counts and exclusions, in one
// transaction on the target. Sessions and counters are not worth moving.
import type { SqlExecutor } from "./sql-database.ts";
import { EndpointMistake } from "../shared/mistakes.ts";
import type { CommentStore } from "./store.ts";

const TABLES = [
  {
    name: "comments",
    columns: ["id", "article", "author", "body", "status", "created_at", "updated_at", "ip_prefix", "search_text"],
  },
  { name: "moderation_log", columns: ["id", "comment_id", "actor", "action", "at"] },
  { name: "moderators", columns: ["name", "password_hash", "created_at"] },
  { name: "article_views", columns: ["article", "hour", "views"] },
  { name: "most_read_exclusions", columns: ["article", "actor", "at"] },
] as const;

const ROWS_PER_STATEMENT = 500;

async function copyTable(from: CommentStore, tx: SqlExecutor, table: (typeof TABLES)[number]): Promise<number> {
  const columns = table.columns.join(", ");
  const rows = await from.db.all<Record<string, unknown>>(`SELECT ${columns} FROM ${table.name}`);
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const batch = rows.slice(start, start + ROWS_PER_STATEMENT);
    const placeholders = batch.map(() => `(${table.columns.map(() => "?").join(", ")})`).join(", ");
    await tx.run(
      `INSERT INTO ${table.name} (${columns}) VALUES ${placeholders}`,
      batch.flatMap((row) => table.columns.map((column) => row[column])),
    );
  }
  return rows.length;
}

/** Copies everything worth keeping into an empty store; returns how many rows of each kind. */
export async function copyStore(from: CommentStore, to: CommentStore): Promise<Record<string, number>> {
  const present = await to.db.get<{ n: number }>(
    "SELECT CAST((SELECT COUNT(*) FROM comments) + (SELECT COUNT(*) FROM moderators) AS INTEGER) AS n",
  );
  if ((present?.n ?? 0) > 0)
    throw new EndpointMistake(
      "comments-admin.copy-refused",
      `${to.db.location} đã có bình luận hoặc tài khoản: chỉ chép vào cơ sở dữ liệu trống, để không trộn hai nơi.`,
    );
  return to.db.transaction(async (tx) => {
    const copied: Record<string, number> = {};
    for (const table of TABLES) copied[table.name] = await copyTable(from, tx, table);
    if (to.db.dialect === "postgres")
      for (const table of ["comments", "moderation_log"])
        // New rows must be numbered after the copied ones.
        await tx.get(
          `SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM ${table}), false)`,
        );
    await tx.run("UPDATE store_state SET readers_version = readers_version + 1 WHERE id = 1");
    return copied;
  });
}
