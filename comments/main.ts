// npm run comments: the comments endpoint, a process of its own next to the static site.
import { ArticleManifest } from "./article-manifest.ts";
import { ConfigError, loadCommentsConfig } from "./config.ts";
import { buildCommentsServer } from "./server.ts";
import { CommentStore } from "./store.ts";

let config;
try {
  config = loadCommentsConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Không khởi động được máy chủ bình luận: ${error.message}`);
  process.exit(1);
}

const store = new CommentStore(config.dbFile);
const manifest = new ArticleManifest(config.manifestFile);
const app = await buildCommentsServer({ config, store, manifest, logger: process.env.COMMENTS_LOG !== "0" });

if (manifest.size === 0)
  console.warn(
    `Chưa có bài viết nào trong ${config.manifestFile}: hãy chạy npm run build trước, nếu không mọi bình luận sẽ bị từ chối.`,
  );
if (!config.adminToken)
  console.warn(
    "COMMENTS_ADMIN_TOKEN chưa đặt: duyệt bình luận qua HTTP bị tắt (npm run comments:admin vẫn dùng được).",
  );

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info(`${signal}: đang dừng, chờ các yêu cầu dở dang`);
  await app.close();
  store.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

const address = await app.listen({ host: config.host, port: config.port });
console.log(`Máy chủ bình luận: ${address} (cơ sở dữ liệu ${config.dbFile}, trang ${config.origin})`);
