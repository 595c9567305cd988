import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { anonymiseIp } from "./client-ip.ts";
import type { CommentInput } from "./rules.ts";

export type CommentStatus = "pending" | "approved" | "rejected";
export const COMMENT_STATUSES: readonly CommentStatus[] = ["pending", "approved", "rejected"];

export interface PublicComment {
  id: number;
  author: string;
  body: string;
  created_at: string;
}

export interface StoredComment extends PublicComment {
  article: string;
  status: CommentStatus;
  updated_at: string;
  ip_prefix: string | null;
}

/** Versioned schema changes, applied in order, each exactly once, inside a transaction. */
const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE comments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
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
  { version: 2, sql: "CREATE INDEX comments_by_body ON comments (body, created_at)" },
];

export class CommentStore {
  private readonly db: Database.Database;
  private readonly statements;
  /** Changes this connection made to what readers see (SQLite's data_version counts only other connections'). */
  private ownChanges = 0;

  constructor(file: string) {
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    // WAL lets readers run during writes; synchronous=FULL makes every acknowledged commit durable.
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = ON");
    this.migrate();
    this.statements = {
      insert: this.db.prepare<[string, string, string, CommentStatus, string, string, string | null], never>(
        "INSERT INTO comments (article, author, body, status, created_at, updated_at, ip_prefix) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ),
      duplicate: this.db.prepare<[string, string, string, string | null], { found: number }>(
        "SELECT 1 AS found FROM comments WHERE body = ? AND created_at > ? AND (article = ? OR ip_prefix = ?) LIMIT 1",
      ),
      history: this.db.prepare<[string], { author: string; status: CommentStatus }>(
        "SELECT author, status FROM comments WHERE ip_prefix = ?",
      ),
      approvedFor: this.db.prepare<[string], PublicComment>(
        "SELECT id, author, body, created_at FROM comments WHERE article = ? AND status = 'approved' ORDER BY id",
      ),
      byStatus: this.db.prepare<[string], StoredComment>("SELECT * FROM comments WHERE status = ? ORDER BY id"),
      all: this.db.prepare<[], StoredComment>("SELECT * FROM comments ORDER BY id"),
      get: this.db.prepare<[number], StoredComment>("SELECT * FROM comments WHERE id = ?"),
      setStatus: this.db.prepare<[string, string, number], never>(
        "UPDATE comments SET status = ?, updated_at = ? WHERE id = ?",
      ),
      remove: this.db.prepare<[number], never>("DELETE FROM comments WHERE id = ?"),
      dataVersion: this.db.prepare<[], { data_version: number }>("PRAGMA data_version"),
      byNetwork: this.db.prepare<[string], StoredComment>("SELECT * FROM comments WHERE ip_prefix = ? ORDER BY id"),
      purgeRejected: this.db.prepare<[string], never>(
        "DELETE FROM comments WHERE status = 'rejected' AND updated_at < ?",
      ),
      approved: this.db.prepare<[], StoredComment>(
        "SELECT * FROM comments WHERE status = 'approved' ORDER BY article, id",
      ),
    };
  }

  private migrate(): void {
    this.db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
    );
    const applied = new Set(
      this.db
        .prepare<[], { version: number }>("SELECT version FROM schema_migrations")
        .all()
        .map((row) => row.version),
    );
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        this.db
          .prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)")
          .run(migration.version, new Date().toISOString());
      })();
    }
  }

  schemaVersion(): number {
    return this.db.prepare<[], { v: number | null }>("SELECT MAX(version) AS v FROM schema_migrations").get()?.v ?? 0;
  }

  add(
    comment: CommentInput,
    ipPrefix: string | null,
    now = new Date(),
    status: Extract<CommentStatus, "pending" | "approved"> = "pending",
  ): StoredComment {
    const stamp = now.toISOString();
    if (status !== "pending") this.ownChanges++;
    const info = this.statements.insert.run(
      comment.article,
      comment.author,
      comment.body,
      status,
      stamp,
      stamp,
      ipPrefix,
    );
    return this.get(Number(info.lastInsertRowid))!;
  }

  get(id: number): StoredComment | undefined {
    return this.statements.get.get(id);
  }

  approvedFor(article: string): PublicComment[] {
    return this.statements.approvedFor.all(article);
  }

  list(status?: CommentStatus): StoredComment[] {
    return status ? this.statements.byStatus.all(status) : this.statements.all.all();
  }

  /** Returns the updated comment, or undefined when there is no comment with that id. */
  setStatus(id: number, status: CommentStatus, now = new Date()): StoredComment | undefined {
    const info = this.statements.setStatus.run(status, now.toISOString(), id);
    this.ownChanges++;
    return info.changes > 0 ? this.get(id) : undefined;
  }

  remove(id: number): boolean {
    this.ownChanges++;
    return this.statements.remove.run(id).changes > 0;
  }

  /**
   * Changes whenever approved lists may have changed: a status change or deletion here, or any
   * commit by another connection (the admin CLI). New comments wait for moderation, so adding one
   * does not count.
   */
  readersVersion(): string {
    return `${this.statements.dataVersion.get()!.data_version}:${this.ownChanges}`;
  }

  /**
   * A reader's comments, for their right to see and erase them: by the name they signed with
   * (compared as readers write it: NFC, any case, any spacing) and/or the network they wrote from
   * (an address, or the stored /24 or /48 prefix). At least one of the two is required.
   */
  findByReader(reader: ReaderQuery): StoredComment[] {
    const author = reader.author === undefined ? undefined : readerName(reader.author);
    const network = reader.network === undefined ? undefined : networkPrefixOf(reader.network);
    if (!author && network === undefined)
      throw new ReaderQueryError("Cần tên người bình luận (--author) hoặc địa chỉ mạng (--network), hoặc cả hai.");
    const candidates = network !== undefined ? this.statements.byNetwork.all(network) : this.statements.all.all();
    return author === undefined ? candidates : candidates.filter((comment) => readerName(comment.author) === author);
  }

  /** Whether the same text came, since `since`, to this article or from this network. */
  isDuplicate(comment: CommentInput, ipPrefix: string | null, since: Date): boolean {
    return this.statements.duplicate.get(comment.body, since.toISOString(), comment.article, ipPrefix) !== undefined;
  }

  /** Whether a name on a network has at least `approvedAtLeast` approved comments and none rejected. */
  isTrusted(author: string, ipPrefix: string | null, approvedAtLeast: number): boolean {
    if (approvedAtLeast <= 0 || !ipPrefix) return false;
    const name = readerName(author);
    const own = this.statements.history.all(ipPrefix).filter((row) => readerName(row.author) === name);
    if (own.some((row) => row.status === "rejected")) return false;
    return own.filter((row) => row.status === "approved").length >= approvedAtLeast;
  }

  /** Deletes these comments in one transaction; returns how many there were. */
  removeMany(ids: readonly number[]): number {
    this.ownChanges++;
    return this.db.transaction(() =>
      ids.reduce((removed, id) => removed + this.statements.remove.run(id).changes, 0),
    )();
  }

  /** Retention: rejected comments last changed before `before` are deleted; returns how many. */
  purgeRejected(before: Date): number {
    this.ownChanges++;
    return this.statements.purgeRejected.run(before.toISOString()).changes;
  }

  /** Approved comments grouped by article path, oldest first: what the site build bakes into pages. */
  exportApproved(): ApprovedExport {
    const comments: Record<string, PublicComment[]> = {};
    for (const row of this.statements.approved.all()) {
      (comments[row.article] ??= []).push({
        id: row.id,
        author: row.author,
        body: row.body,
        created_at: row.created_at,
      });
    }
    return { generated_at: new Date().toISOString(), comments };
  }

  /** An online backup: a consistent copy taken while the server keeps accepting comments. */
  async backup(destination: string): Promise<void> {
    mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
    await this.db.backup(destination);
  }

  close(): void {
    this.db.close();
  }
}

export interface ReaderQuery {
  author?: string;
  network?: string;
}

const readerName = (name: string) => name.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("vi");

export class ReaderQueryError extends Error {}

const STORED_PREFIX = /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.0\/24|[0-9a-f]{1,4}(:[0-9a-f]{1,4}){2}::\/48)$/;

/** An address becomes the prefix stored for it; a prefix as stored stays as it is. */
function networkPrefixOf(network: string): string {
  const value = network.trim().toLowerCase();
  const prefix = STORED_PREFIX.test(value) ? value : anonymiseIp(value);
  if (!prefix)
    throw new ReaderQueryError(
      `"${network}" không phải địa chỉ IP hay dải mạng đã lưu (ví dụ 203.0.113.7, 203.0.113.0/24 hoặc 2001:db8:1::/48)`,
    );
  return prefix;
}

export interface ApprovedExport {
  generated_at: string;
  comments: Record<string, PublicComment[]>;
}
