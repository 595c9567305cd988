import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { s3ClientFromEnv } from "../../lib/deploy/s3-target.ts";

export interface S3Object {
  body: Buffer;
  contentType?: string;
  cacheControl?: string;
}

export interface S3Server {
  /** AWS_* variables that point the real AWS SDK at this server. */
  env: Record<string, string>;
  endpoint: string;
  client: S3Client;
  /** Every object under a prefix, by key without the prefix. */
  objects(bucket: string, prefix: string): Promise<Map<string, S3Object>>;
  stop(): Promise<void>;
}

/**
 * s3rver, an S3 stand-in from npm (no real S3-compatible server can be installed here): the deploy
 * talks to it with the real AWS SDK, as it would to AWS, R2 or a Vietnamese cloud's storage. It
 * checks the access key id but not the signature's secret.
 */
export async function startS3Server(buckets: string[]): Promise<S3Server> {
  const directory = mkdtempSync(path.join(tmpdir(), "toasoan-s3-"));
  const server = spawn(
    process.execPath,
    [
      "--openssl-legacy-provider",
      fileURLToPath(new URL("./s3rver-process.mjs", import.meta.url)),
      JSON.stringify({ directory, buckets }),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout! }).once("line", resolve);
    server.once("exit", (code) => reject(new Error(`s3rver did not start (exit ${String(code)})`)));
  });
  return s3ServerAt(`http://127.0.0.1:${port}`, async () => {
    if (server.exitCode === null) {
      server.kill("SIGTERM");
      await once(server, "exit");
    }
    rmSync(directory, { recursive: true, force: true });
  });
}

/** A client of the s3rver at this address; `stopServer` is what stopping it does besides closing the client. */
export function s3ServerAt(endpoint: string, stopServer: () => Promise<void> = async () => undefined): S3Server {
  const env = {
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: endpoint,
  };
  const client = s3ClientFromEnv(env);
  return {
    env,
    endpoint,
    client,
    async objects(bucket, prefix) {
      const found = new Map<string, S3Object>();
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key! }));
          found.set(object.Key!.slice(prefix.length), {
            body: Buffer.from(await got.Body!.transformToByteArray()),
            contentType: got.ContentType,
            cacheControl: got.CacheControl,
          });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return found;
    },
    async stop() {
      client.destroy();
      await stopServer();
    },
  };
}
