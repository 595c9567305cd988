import { readFileSync } from "node:fs";
import path from "node:path";
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import pLimit from "p-limit";
import { OUTPUT_MARKER } from "../build/output-folder.ts";
import { md5Of } from "../build/output-ledger.ts";
import { DeployError } from "./deploy-error.ts";
import { cacheControlOf, contentTypeOf } from "./file-roles.ts";
import { RECORD_DIR } from "./record.ts";
import type { Contact, DeployTarget, RemoteFile } from "./target.ts";

/** Requests in flight at once: enough to fill a link with small files without tripping a provider's rate limit. */
const CONCURRENCY = 16;
/** DeleteObjects takes at most this many keys. */
const DELETE_BATCH = 1000;

/**
 * The S3 client from the standard AWS variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN, AWS_REGION, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3 for R2 and the
 * S3-compatible storage of other clouds). A custom endpoint is addressed by path
 * (`endpoint/bucket/key`), which every S3-compatible service accepts, unless
 * AWS_S3_ADDRESSING_STYLE=virtual. Checksums are sent only where S3 requires them: several
 * S3-compatible services refuse the newer streaming checksums.
 */
export function s3ClientFromEnv(env: NodeJS.ProcessEnv = process.env): S3Client {
  // The project runs on Node 20 with this SDK release pinned; the SDK's notice that later releases
  // want Node 22 is for the README (Known limits), not for every deploy's log.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
  return new S3Client({
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || (endpoint ? "auto" : "us-east-1"),
    endpoint,
    forcePathStyle: endpoint !== undefined && env.AWS_S3_ADDRESSING_STYLE !== "virtual",
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 3,
  });
}

const errorName = (error: unknown) =>
  error instanceof S3ServiceException
    ? error.name
    : ((error as { name?: string; code?: string }).code ?? (error as Error).name);

export class S3Target implements DeployTarget {
  private readonly limit = pLimit(CONCURRENCY);

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    /** "" or "folder/" */
    private readonly prefix: string,
    readonly label: string,
  ) {}

  /** The destination's own words for what went wrong, as an operator can act on them. */
  private failure(error: unknown, key?: string): DeployError {
    if (error instanceof DeployError) return error;
    const name = errorName(error);
    const reason = `${name}: ${(error as Error).message}${key ? ` (${key})` : ""}`;
    const endpoint = process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL || "AWS S3";
    if (name === "NoSuchBucket")
      return new DeployError(
        "deploy.destination-invalid",
        `${this.label}: không có kho (bucket) "${this.bucket}" — tạo kho trước hoặc sửa tên`,
      );
    if (
      [
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "AccessDenied",
        "CredentialsProviderError",
        "ExpiredToken",
        "InvalidToken",
      ].includes(name) ||
      (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403
    )
      return new DeployError(
        "deploy.refused",
        `${this.label}: bị từ chối (${reason}) — kiểm tra AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY và quyền trên kho`,
      );
    if (["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "TimeoutError"].includes(name))
      return new DeployError(
        "deploy.unreachable",
        `${this.label}: không kết nối được tới ${endpoint} (${reason}) — kiểm tra AWS_ENDPOINT_URL và mạng`,
      );
    return new DeployError("deploy.failed", `${this.label}: ${reason}`);
  }

  /** Runs one request; a failure names the key (or prefix) it was about. */
  private async call<T>(key: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.failure(error, key);
    }
  }

  private async list(
    prefix: string,
    each: (key: string, size: number, etag: string | undefined) => void,
    max?: number,
  ) {
    let token: string | undefined;
    do {
      const page = await this.call(`${prefix}*`, () =>
        this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: max }),
        ),
      );
      for (const object of page.Contents ?? []) each(object.Key!, object.Size ?? 0, object.ETag);
      token = max === undefined && page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async open(): Promise<Contact> {
    // One key under each prefix says all: anything there at all, and a record or marker of ours.
    const first = async (prefix: string) => {
      let found = false;
      await this.list(prefix, () => (found = true), 1);
      return found;
    };
    const [any, record, marker] = await Promise.all([
      first(this.prefix),
      first(this.recordKey("")),
      first(`${this.prefix}${OUTPUT_MARKER}`),
    ]);
    return { exists: true, empty: !any, hasMarker: record || marker };
  }

  private recordKey(name: string): string {
    return `${this.prefix}${RECORD_DIR}/${name}`;
  }

  async readRecordFiles(names: readonly string[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    await Promise.all(
      names.map((name) =>
        this.limit(async () => {
          try {
            const object = await this.client.send(
              new GetObjectCommand({ Bucket: this.bucket, Key: this.recordKey(name) }),
            );
            found.set(name, Buffer.from(await object.Body!.transformToByteArray()));
          } catch (error) {
            if (errorName(error) !== "NoSuchKey") throw this.failure(error, this.recordKey(name));
          }
        }),
      ),
    );
    return found;
  }

  async writeRecordFiles(files: ReadonlyMap<string, Buffer>): Promise<void> {
    await Promise.all(
      [...files].map(([name, bytes]) =>
        this.limit(() =>
          this.call(this.recordKey(name), () =>
            this.client.send(
              new PutObjectCommand({
                Bucket: this.bucket,
                Key: this.recordKey(name),
                Body: bytes,
                ContentType: name.endsWith(".gz") ? "application/gzip" : "application/json",
                CacheControl: "no-store",
              }),
            ),
          ),
        ),
      ),
    );
  }

  private async deleteKeys(keys: readonly string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH);
      const answer = await this.call(`${batch[0]}…`, () =>
        this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        ),
      );
      const failed = answer.Errors ?? [];
      if (failed.length > 0)
        throw new DeployError(
          "deploy.failed",
          `${this.label}: không xóa được ${failed.length} tệp (${failed[0]!.Key}: ${failed[0]!.Code} ${failed[0]!.Message ?? ""})`,
        );
    }
  }

  deleteRecordFiles(names: readonly string[]): Promise<void> {
    return this.deleteKeys(names.map((name) => this.recordKey(name)));
  }

  async listRecordParts(): Promise<string[]> {
    const names: string[] = [];
    const from = this.recordKey("");
    await this.list(this.recordKey("parts/"), (key) => names.push(key.slice(from.length)));
    return names;
  }

  async inventory(): Promise<Map<string, RemoteFile>> {
    const files = new Map<string, RemoteFile>();
    await this.list(this.prefix, (key, size, etag) => {
      const file = key.slice(this.prefix.length);
      if (file === OUTPUT_MARKER || file.startsWith(`${RECORD_DIR}/`)) return;
      // A single-part upload's ETag is its MD5 in hex; a multipart one (with a dash) is not comparable.
      const hex = /^"?([0-9a-f]{32})"?$/.exec(etag ?? "")?.[1];
      files.set(file, { size, md5: hex ? Buffer.from(hex, "hex").toString("base64") : undefined });
    });
    return files;
  }

  async upload(siteDir: string, files: readonly string[]): Promise<number> {
    let bytes = 0;
    await Promise.all(
      files.map((file) =>
        this.limit(async () => {
          const body = readFileSync(path.join(siteDir, file));
          await this.call(`${this.prefix}${file}`, () =>
            this.client.send(
              new PutObjectCommand({
                Bucket: this.bucket,
                Key: `${this.prefix}${file}`,
                Body: body,
                ContentType: contentTypeOf(file),
                CacheControl: cacheControlOf(file),
                // The storage checks the bytes it received against the build's hash.
                ContentMD5: md5Of(body),
              }),
            ),
          );
          bytes += body.length;
        }),
      ),
    );
    return bytes;
  }

  remove(files: readonly string[]): Promise<void> {
    return this.deleteKeys(files.map((file) => `${this.prefix}${file}`));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
