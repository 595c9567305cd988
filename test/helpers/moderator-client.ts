import * as cheerio from "cheerio";
import { parse as parseSetCookie } from "set-cookie-parser";
import type { CommentsServer } from "./comments-server.ts";

export const MODERATOR = "Nguyễn Thị Lan";
export const PASSWORD = "mật-khẩu-đủ-dài-2026";

export interface ModerationPage {
  status: number;
  headers: Headers;
  $: cheerio.CheerioAPI;
  html: string;
  /** The CSRF token of the page's first form, if it has one. */
  csrf: string | undefined;
}

/** A browser-like client of /quan-tri/: keeps its cookies, reads pages with a real HTML parser. */
export class ModeratorClient {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly server: CommentsServer,
    /** Sent as X-Forwarded-For when the server trusts the loopback proxy. */
    private readonly forwardedFor?: string,
  ) {}

  /** The Cookie header this client sends, for requests made around it. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = { ...extra };
    if (this.cookies.size > 0) headers.Cookie = this.cookieHeader();
    if (this.forwardedFor) headers["X-Forwarded-For"] = this.forwardedFor;
    return headers;
  }

  private keep(response: Response): void {
    for (const cookie of parseSetCookie(response.headers.getSetCookie())) {
      const expired = cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() <= Date.now());
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  private async read(response: Response): Promise<ModerationPage> {
    this.keep(response);
    const html = await response.text();
    const $ = cheerio.load(html);
    return {
      status: response.status,
      headers: response.headers,
      $,
      html,
      csrf: $('input[name="_csrf"]').first().val() as string | undefined,
    };
  }

  async get(pathname: string): Promise<ModerationPage> {
    const response = await fetch(this.server.url(pathname), { headers: this.headers(), redirect: "manual" });
    if (response.status === 303) {
      this.keep(response);
      return this.get(response.headers.get("location")!);
    }
    return this.read(response);
  }

  /** Posts a form as a browser would; follows the 303 that answers a successful post. */
  async post(
    pathname: string,
    fields: [string, string][] | Record<string, string>,
    extraHeaders: Record<string, string> = {},
  ): Promise<ModerationPage> {
    const response = await fetch(this.server.url(pathname), {
      method: "POST",
      headers: this.headers({ Origin: new URL(this.server.baseUrl).origin, ...extraHeaders }),
      body: new URLSearchParams(fields),
      redirect: "manual",
    });
    if (response.status === 303) {
      this.keep(response);
      return this.get(response.headers.get("location")!);
    }
    return this.read(response);
  }

  async signIn(name = MODERATOR, password = PASSWORD): Promise<ModerationPage> {
    const form = await this.get("/quan-tri/dang-nhap");
    return this.post("/quan-tri/dang-nhap", { _csrf: form.csrf ?? "", name, password });
  }
}

/** Creates a moderator account through the admin CLI, as an operator would. */
export async function addModerator(server: CommentsServer, name = MODERATOR, password = PASSWORD): Promise<void> {
  const result = await server.adminCliWithInput(`${password}\n`, "moderator", "add", name);
  if (result.code !== 0) throw new Error(`moderator add failed: ${result.stderr}`);
}
