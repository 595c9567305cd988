#!/usr/bin/env node
// The comments endpoint, a process of its own next to the static site (npm run comments, or the
// toasoan-comments command of the endpoint's own package).
import { type ArticleList, FileManifest, RemoteManifest } from "./article-manifest.ts";
import { type CommentsConfig, ConfigError, isUrl, loadCommentsConfig } from "./config.ts";
import { Notifier } from "./notify.ts";
import { buildCommentsServer } from "./server.ts";
import { openStore } from "./open-store.ts";
import { ACTORS } from "./store.ts";

let config: CommentsConfig;
try {
  config = loadCommentsConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Không khởi động được máy chủ bình luận: ${error.message}`);
  process.exit(1);
}

const warn = (message: string) => console.warn(message);
let manifest: ArticleList;
if (isUrl(config.manifest.source)) {
  const remote = new RemoteManifest(config.manifest.source, { ...config.manifest, timeoutMs: 10_000, log: warn });
  await remote.load();
  manifest = remote;
} else {
  manifest = new FileManifest(config.manifest.source, warn);
}
const store = await openStore(config).catch((error: Error) => {
  console.error(`Không mở được cơ sở dữ liệu bình luận: ${error.message}`);
  process.exit(1);
});
const notifier = new Notifier(config.notify, warn);
const app = await buildCommentsServer({
  config,
  store,
  manifest,
  notifier,
});

// The daily digest, at the configured hour in the newsroom's time, when the newsroom chose it.
let digestTimer: NodeJS.Timeout | undefined;
function scheduleDigest(): void {
  if (!notifier.digestMode) return;
  digestTimer = setTimeout(() => {
    void store
      .list("pending")
      .then((waiting) => notifier.sendDigest(waiting))
      .catch((error: Error) => warn(`Thư tổng hợp không gửi được: ${error.message}`))
      .finally(scheduleDigest);
  }, notifier.msUntilDigest());
  digestTimer.unref();
}
scheduleDigest();

if (manifest.size === 0) {
  warn(
    `Chưa có bài viết nào trong ${manifest.source}: dựng trang (npm run build) hoặc kiểm tra COMMENTS_MANIFEST; đến khi có, mọi bình luận bị từ chối.`,
  );
}
if (!config.adminToken)
  warn("COMMENTS_ADMIN_TOKEN chưa đặt: duyệt bình luận qua HTTP bị tắt (lệnh quản trị vẫn dùng được).");

// Daily upkeep, at start and then every day: rejected comments past retention go, and so do
// expired counters and sessions.
const DAY_MS = 24 * 60 * 60 * 1000;
async function upkeep(): Promise<void> {
  await store.sweep();
  if (config.rejectedRetentionDays === 0) return;
  const before = new Date(Date.now() - config.rejectedRetentionDays * DAY_MS);
  const purged = await store.purgeRejected(before, ACTORS.retention);
  if (purged > 0) console.log(`Đã xóa ${purged} bình luận bị từ chối quá ${config.rejectedRetentionDays} ngày.`);
}
const runUpkeep = () => void upkeep().catch((error: Error) => warn(`Dọn dẹp hằng ngày lỗi: ${error.message}`));
runUpkeep();
const retention = setInterval(runUpkeep, DAY_MS);
retention.unref();

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info(`${signal}: đang dừng, chờ các yêu cầu dở dang`);
  clearInterval(retention);
  clearTimeout(digestTimer);
  await app.close();
  await notifier.settle();
  manifest.close();
  await store.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

const address = await app.listen({ host: config.host, port: config.port });
console.log(
  `Máy chủ bình luận: ${address} (cơ sở dữ liệu ${store.db.location}, trang ${config.origin}, danh sách bài ${manifest.source})`,
);
