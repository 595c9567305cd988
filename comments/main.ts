#!/usr/bin/env node
// The comments endpoint, a process of its own next to the static site (npm run comments, or the
// toasoan-comments command of the endpoint's own package).
import { type CommentsConfig, loadCommentsConfig } from "./runtime/config.ts";
import { type RunningEndpoint, startEndpoint } from "./endpoint/endpoint.ts";
import { EndpointMistake } from "./shared/mistakes.ts";

/** A mistake in what the endpoint was given is one line and exit 1; anything else is a bug, with its stack. */
function exitOnMistake(error: unknown): never {
  if (!(error instanceof EndpointMistake)) throw error;
  console.error(`Không khởi động được máy chủ bình luận: ${error.explained()}`);
  process.exit(1);
}

let config: CommentsConfig;
let endpoint: RunningEndpoint;
try {
  config = loadCommentsConfig();
  endpoint = await startEndpoint(config, { info: (line) => console.log(line), warn: (line) => console.warn(line) });
} catch (error) {
  exitOnMistake(error);
}

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  endpoint.app.log.info(`${signal}: đang dừng, chờ các yêu cầu dở dang`);
  await endpoint.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

console.log(
  `Máy chủ bình luận: ${endpoint.address} (cơ sở dữ liệu ${endpoint.store.db.location}, trang ${config.origin}, danh sách bài ${config.manifest.source})`,
);
