import { Counters } from "./counters.ts";
import { ViewCounts, WEEK_HOURS } from "./views.ts";
import { Moderators, Sessions } from "./moderators.ts";
import { EndpointMistake } from "../shared/mistakes.ts";
import { networkPrefixOf, type ReaderQuery, readerName } from "./reader-query.ts";
import { foldVietnamese } from "../shared/fold.ts";
import type { CommentInput } from "../shared/rules.ts";
import { migrate, SCHEMA_VERSION, searchTextOf } from "./schema.ts";
import { type ChannelListener, PostgresDatabase } from "./postgres-database.ts";
import type { SqlDatabase, SqlExecutor } from "./sql-database.ts";

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

/** Who acts on comments besides moderators (whose actor is "moderator:Name"), as the log keeps them. */
export const ACTORS = { api: "api", cli: "cli", retention: "retention" } as const;

/** What was done to a comment: approved, rejected, deleted (and by whom, when). */
export type ModerationAction = "approve" | "reject" | "delete";

export interface LogEntry {
  comment_id: number;
  actor: string;
  action: ModerationAction;
  at: string;
}

export interface ModerationQuery {
  status?: CommentStatus;
  /** Words in the name or text, compared without accents or case. */
  text?: string;
  /** Only comments on these article paths. */
  articles?: readonly string[];
  limit: number;
  offset: number;
}

type NewStatus = Extract<CommentStatus, "pending" | "approved">;

const READERS_CHANNEL = "toasoan_readers";
const COLUMNS = "id, article, author, body, status, created_at, updated_at, ip_prefix";
const STATUS_OF: Record<Exclude<ModerationAction, "delete">, CommentStatus> = {
  approve: "approved",
  reject: "rejected",
};

/** The WHERE of a moderation query: state, every word in name or text (folded), article. */
function whereClause(query: Omit<ModerationQuery, "limit" | "offset">): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (query.status) {
    conditions.push("status = ?");
    params.push(query.status);
  }
  for (const word of foldVietnamese(query.text ?? "")
    .split(/\s+/)
    .filter(Boolean)) {
    conditions.push("search_text LIKE ? ESCAPE '\\'");
    params.push(likePattern(word));
  }
  if (query.articles) {
    conditions.push(`article IN (${query.articles.map(() => "?").join(", ")})`);
    params.push(...query.articles);
  }
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "", params };
}

/** `%`, `_` and `\` in a reader's search are letters, not patterns. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/**
 * The comments and their moderation log, on SQLite or PostgreSQL through the same SQL; beside them
 * in the same database, the moderators, their sessions and the counters every instance shares.
 */
export type { CounterState } from "./counters.ts";
export { type ReaderQuery, readersCopy } from "./reader-query.ts";

export class CommentStore {
  /** Changes this process made to what readers see, counted as soon as they are committed. */
  private ownChanges = 0;
  /** On PostgreSQL: other instances' changes, as they announce them (NOTIFY). */
  private announced?: { listener: ChannelListener; count: number };

  readonly moderators: Moderators;
  readonly sessions: Sessions;
  readonly counters: Counters;
  readonly views: ViewCounts;

  private constructor(readonly db: SqlDatabase) {
    this.moderators = new Moderators(db);
    this.sessions = new Sessions(db);
    this.counters = new Counters(db);
    this.views = new ViewCounts(db);
  }

  static async open(db: SqlDatabase): Promise<CommentStore> {
    await migrate(db);
    const store = new CommentStore(db);
    if (db instanceof PostgresDatabase) {
      const announced = { count: 0, listener: undefined as unknown as ChannelListener };
      announced.listener = db.listen(READERS_CHANNEL, () => announced.count++);
      store.announced = announced;
      await announced.listener.ready;
    }
    return store;
  }

  async schemaVersion(): Promise<number> {
    return (await this.db.get<{ v: number | null }>("SELECT MAX(version) AS v FROM schema_migrations"))?.v ?? 0;
  }

  static readonly schemaVersion = SCHEMA_VERSION;

  async add(
    comment: CommentInput,
    ipPrefix: string | null,
    now = new Date(),
    status: NewStatus = "pending",
  ): Promise<StoredComment> {
    return (await this.insert(comment, ipPrefix, now, status, undefined))!;
  }

  /**
   * Adds the comment unless the same text came, since `since`, to the same article or from the same
   * network; undefined when it did. Two identical posts at once: one is kept.
   */
  addUnlessDuplicate(
    comment: CommentInput,
    ipPrefix: string | null,
    since: Date,
    now = new Date(),
    status: NewStatus = "pending",
  ): Promise<StoredComment | undefined> {
    return this.insert(comment, ipPrefix, now, status, since);
  }

  private insert(
    comment: CommentInput,
    ipPrefix: string | null,
    now: Date,
    status: NewStatus,
    duplicateSince: Date | undefined,
  ): Promise<StoredComment | undefined> {
    const stamp = now.toISOString();
    const values = [
      comment.article,
      comment.author,
      comment.body,
      status,
      stamp,
      stamp,
      ipPrefix,
      searchTextOf(comment.author, comment.body),
    ];
    const unlessDuplicate = duplicateSince
      ? {
          sql: "WHERE NOT EXISTS (SELECT 1 FROM comments WHERE body = ? AND created_at > ? AND (article = ? OR ip_prefix = ?))",
          params: [comment.body, duplicateSince.toISOString(), comment.article, ipPrefix],
        }
      : { sql: "", params: [] };
    const sql = `INSERT INTO comments (article, author, body, status, created_at, updated_at, ip_prefix, search_text)
      SELECT ?, ?, ?, ?, ?, ?, ?, ? ${unlessDuplicate.sql} RETURNING ${COLUMNS}`;
    const params = [...values, ...unlessDuplicate.params];
    // PostgreSQL runs statements side by side: two identical comments at once would each miss the
    // other. A lock on the text makes the second wait, then see the first (SQLite writes one at a time).
    const serialised = duplicateSince !== undefined && this.db.dialect === "postgres";
    // A comment that shows at once changes what readers see; a pending one does not.
    if (status === "pending" && !serialised) return this.db.writeGrouped<StoredComment>(sql, params);
    const write = async (tx: SqlExecutor) => {
      if (serialised) await tx.get("SELECT pg_advisory_xact_lock(hashtext(?))", [comment.body]);
      const saved = await tx.get<StoredComment>(sql, params);
      if (saved && status === "approved") await this.changedForReaders(tx);
      return saved;
    };
    return status === "approved" ? this.changing(write) : this.db.transaction(write);
  }

  get(id: number): Promise<StoredComment | undefined> {
    return this.db.get<StoredComment>(`SELECT ${COLUMNS} FROM comments WHERE id = ?`, [id]);
  }

  approvedFor(article: string): Promise<PublicComment[]> {
    return this.db.all<PublicComment>(
      "SELECT id, author, body, created_at FROM comments WHERE article = ? AND status = 'approved' ORDER BY id",
      [article],
    );
  }

  list(status?: CommentStatus): Promise<StoredComment[]> {
    return status
      ? this.db.all<StoredComment>(`SELECT ${COLUMNS} FROM comments WHERE status = ? ORDER BY id`, [status])
      : this.db.all<StoredComment>(`SELECT ${COLUMNS} FROM comments ORDER BY id`);
  }

  /** The moderation queue: newest first, filtered, one page of it and how many there are in all. */
  async search(query: ModerationQuery): Promise<{ comments: StoredComment[]; total: number }> {
    if (query.articles?.length === 0) return { comments: [], total: 0 };
    const { where, params } = whereClause(query);
    const total = await this.db.get<{ total: number }>(
      `SELECT CAST(COUNT(*) AS INTEGER) AS total FROM comments ${where}`,
      params,
    );
    const comments = await this.db.all<StoredComment>(
      `SELECT ${COLUMNS} FROM comments ${where} ORDER BY id DESC LIMIT ? OFFSET ?`,
      [...params, query.limit, query.offset],
    );
    return { comments, total: total?.total ?? 0 };
  }

  /** How many comments there are in each state. */
  async countByStatus(): Promise<Record<CommentStatus, number>> {
    const counts: Record<CommentStatus, number> = { pending: 0, approved: 0, rejected: 0 };
    const rows = await this.db.all<{ status: CommentStatus; n: number }>(
      "SELECT status, CAST(COUNT(*) AS INTEGER) AS n FROM comments GROUP BY status",
    );
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }

  /** Approves or rejects, and logs who did it; undefined when there is no comment with that id. */
  async setStatus(
    id: number,
    action: Exclude<ModerationAction, "delete">,
    actor: string,
    now = new Date(),
  ): Promise<StoredComment | undefined> {
    return this.changing(async (tx) => {
      const changed = await tx.run("UPDATE comments SET status = ?, updated_at = ? WHERE id = ?", [
        STATUS_OF[action],
        now.toISOString(),
        id,
      ]);
      if (changed === 0) return undefined;
      await this.logged(tx, id, action, actor, now);
      return tx.get<StoredComment>(`SELECT ${COLUMNS} FROM comments WHERE id = ?`, [id]);
    });
  }

  /** Deletes, and logs who did it; false when there was no comment with that id. */
  async remove(id: number, actor: string, now = new Date()): Promise<boolean> {
    return (await this.removeMany([id], actor, now)) > 0;
  }

  /** Deletes these comments in one transaction, each logged; returns how many there were. */
  async removeMany(ids: readonly number[], actor: string, now = new Date()): Promise<number> {
    if (ids.length === 0) return 0;
    return this.changing(async (tx) => {
      let removed = 0;
      for (const id of ids) {
        if ((await tx.run("DELETE FROM comments WHERE id = ?", [id])) === 0) continue;
        removed++;
        await this.logged(tx, id, "delete", actor, now);
      }
      return removed;
    });
  }

  private async logged(tx: SqlExecutor, id: number, action: ModerationAction, actor: string, now: Date) {
    await tx.run("INSERT INTO moderation_log (comment_id, actor, action, at) VALUES (?, ?, ?, ?)", [
      id,
      actor,
      action,
      now.toISOString(),
    ]);
    await this.changedForReaders(tx);
  }

  private async changedForReaders(tx: SqlExecutor): Promise<void> {
    await tx.run("UPDATE store_state SET readers_version = readers_version + 1 WHERE id = 1");
    // Sent when the transaction commits, to every instance listening (this one too).
    if (this.db.dialect === "postgres") await tx.get(`SELECT pg_notify('${READERS_CHANNEL}', '')`);
  }

  /** A transaction that may change what readers see; counted here only once it is committed. */
  private async changing<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } finally {
      this.ownChanges++;
    }
  }

  /** Who did what to a comment, oldest first (kept after the comment is deleted). */
  history(id: number): Promise<LogEntry[]> {
    return this.db.all<LogEntry>(
      "SELECT comment_id, actor, action, at FROM moderation_log WHERE comment_id = ? ORDER BY id",
      [id],
    );
  }

  /**
   * Changes whenever approved lists may have changed, whoever changed them: this process, another
   * instance on the same database or the admin CLI. New comments wait for moderation and do not count.
   */
  async readersVersion(): Promise<string> {
    // Listening on PostgreSQL: no query per read. Not listening (connection lost): ask the database.
    if (this.announced?.listener.listening) return `n${this.announced.count}:${this.ownChanges}`;
    const row = await this.db.get<{ v: number | string }>("SELECT readers_version AS v FROM store_state WHERE id = 1");
    return `${row?.v ?? 0}:${this.ownChanges}`;
  }

  /**
   * A reader's comments, for their right to see and erase them: by the name they signed with
   * (compared as readers write it: NFC, any case, any spacing) and/or the network they wrote from
   * (an address, or the stored /24 or /48 prefix). At least one of the two is required.
   */
  async findByReader(reader: ReaderQuery): Promise<StoredComment[]> {
    const author = reader.author?.trim() ? readerName(reader.author) : undefined;
    const network = reader.network?.trim() ? networkPrefixOf(reader.network) : undefined;
    if (author === undefined && network === undefined)
      throw new EndpointMistake(
        "comments.reader-query",
        "Cần tên người bình luận (--author) hoặc địa chỉ mạng (--network), hoặc cả hai.",
      );
    // The database narrows by network, or by the name's words (folded, so a superset); the exact
    // comparison of names is made here.
    const { where, params } =
      network !== undefined ? { where: "WHERE ip_prefix = ?", params: [network] } : whereClause({ text: author });
    const candidates = await this.db.all<StoredComment>(`SELECT ${COLUMNS} FROM comments ${where} ORDER BY id`, params);
    return author === undefined ? candidates : candidates.filter((comment) => readerName(comment.author) === author);
  }

  /** Whether a name on a network has at least `approvedAtLeast` approved comments and none rejected. */
  async isTrusted(author: string, ipPrefix: string | null, approvedAtLeast: number): Promise<boolean> {
    if (approvedAtLeast <= 0 || !ipPrefix) return false;
    const name = readerName(author);
    const own = (
      await this.db.all<{ author: string; status: CommentStatus }>(
        "SELECT author, status FROM comments WHERE ip_prefix = ?",
        [ipPrefix],
      )
    ).filter((row) => readerName(row.author) === name);
    if (own.some((row) => row.status === "rejected")) return false;
    return own.filter((row) => row.status === "approved").length >= approvedAtLeast;
  }

  /** Retention: rejected comments last changed before `before` are deleted; returns how many. */
  async purgeRejected(before: Date, actor: string): Promise<number> {
    const old = await this.db.all<{ id: number }>(
      "SELECT id FROM comments WHERE status = 'rejected' AND updated_at < ?",
      [before.toISOString()],
    );
    return this.removeMany(
      old.map((row) => row.id),
      actor,
    );
  }

  /** Approved comments grouped by article path, oldest first: what the site build bakes into pages. */
  async exportApproved(): Promise<ApprovedExport> {
    const comments: Record<string, PublicComment[]> = {};
    const rows = await this.db.all<StoredComment>(
      "SELECT id, article, author, body, created_at FROM comments WHERE status = 'approved' ORDER BY article, id",
    );
    for (const row of rows) {
      (comments[row.article] ??= []).push({
        id: row.id,
        author: row.author,
        body: row.body,
        created_at: row.created_at,
      });
    }
    return { generated_at: new Date().toISOString(), comments };
  }

  /** Expired counters and sessions go; run now and then. */
  async sweep(now = new Date()): Promise<void> {
    await this.counters.sweep(now);
    // Views older than the longest list (7 days) and a day's margin are of no use to anyone.
    await this.views.prune(WEEK_HOURS + 24, now.getTime());
    await this.sessions.sweep(now);
  }

  async close(): Promise<void> {
    await this.announced?.listener.close();
    await this.db.close();
  }
}

export interface ApprovedExport {
  generated_at: string;
  comments: Record<string, PublicComment[]>;
}
