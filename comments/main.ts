#!/usr/bin/env node
// The comments endpoint, a process of its own next to the static site (npm run comments, or the
// toasoan-comments command of the endpoint's own package).
import { type CommentsConfig, ConfigError, loadCommentsConfig } from "./runtime/config.ts";
import { EndpointStartError, type RunningEndpoint, startEndpoint } from "./endpoint/endpoint.ts";

let config: CommentsConfig;
try {
  config = loadCommentsConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Không khởi động được máy chủ bình luận: ${error.message}`);
  process.exit(1);
}

let endpoint: RunningEndpoint;
try {
  endpoint = await startEndpoint(config, { info: (line) => console.log(line), warn: (line) => console.warn(line) });
} catch (error) {
  if (!(error instanceof EndpointStartError)) throw error;
  console.error(error.message);
  process.exit(1);
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
