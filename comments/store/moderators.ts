import type { SqlDatabase } from "./sql-database.ts";

/** The moderators' accounts: a name and a password hash each. */
export class Moderators {
  constructor(private readonly db: SqlDatabase) {}

  async add(name: string, passwordHash: string, now = new Date()): Promise<boolean> {
    const added = await this.db.run(
      "INSERT INTO moderators (name, password_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
      [name, passwordHash, now.toISOString()],
    );
    return added > 0;
  }

  /** A new password also ends every session the moderator had open. */
  async setPassword(name: string, passwordHash: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const changed = await tx.run("UPDATE moderators SET password_hash = ? WHERE name = ?", [passwordHash, name]);
      await tx.run("DELETE FROM moderator_sessions WHERE moderator = ?", [name]);
      return changed > 0;
    });
  }

  async remove(name: string): Promise<boolean> {
    return (await this.db.run("DELETE FROM moderators WHERE name = ?", [name])) > 0;
  }

  list(): Promise<{ name: string; created_at: string }[]> {
    return this.db.all("SELECT name, created_at FROM moderators ORDER BY name");
  }

  async passwordHashOf(name: string): Promise<string | undefined> {
    return (await this.db.get<{ password_hash: string }>("SELECT password_hash FROM moderators WHERE name = ?", [name]))
      ?.password_hash;
  }
}

/** Signed-in moderators: a session is kept as the hash of its cookie's token, until it expires. */
export class Sessions {
  constructor(private readonly db: SqlDatabase) {}

  async start(tokenHash: string, moderator: string, expiresAt: Date): Promise<void> {
    await this.db.run("INSERT INTO moderator_sessions (token_hash, moderator, expires_at) VALUES (?, ?, ?)", [
      tokenHash,
      moderator,
      expiresAt.toISOString(),
    ]);
  }

  /** The moderator a session belongs to, while it lasts. */
  async moderatorOf(tokenHash: string, now = new Date()): Promise<string | undefined> {
    return (
      await this.db.get<{ moderator: string }>(
        "SELECT moderator FROM moderator_sessions WHERE token_hash = ? AND expires_at > ?",
        [tokenHash, now.toISOString()],
      )
    )?.moderator;
  }

  async end(tokenHash: string): Promise<void> {
    await this.db.run("DELETE FROM moderator_sessions WHERE token_hash = ?", [tokenHash]);
  }

  /** Expired sessions go. */
  async sweep(now = new Date()): Promise<void> {
    await this.db.run("DELETE FROM moderator_sessions WHERE expires_at <= ?", [now.toISOString()]);
  }
}
