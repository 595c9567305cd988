// The endpoint as it runs: its list of articles, its store, its notifier and its HTTP server, the
// daily digest and upkeep, listening on the configured address. comments/main.ts runs it as a
// process; the tests run it in theirs.
import type { FastifyInstance } from "fastify";
import { openManifest } from "../runtime/article-manifest.ts";
import type { CommentsConfig } from "../runtime/config.ts";
import { Notifier } from "../runtime/notify.ts";
import { openStore } from "../runtime/open-store.ts";
import { buildCommentsServer } from "./server.ts";
import { ACTORS, type CommentStore } from "../store/store.ts";
import { EndpointMistake } from "../shared/mistakes.ts";

/** Where the endpoint's own lines go (the process's output, or a test's). */
export interface EndpointOutput {
  info(message: string): void;
  warn(message: string): void;
  /** Where the request log's JSON lines go: the process's standard output unless given. */
  log?: { write(line: string): void };
}

export interface RunningEndpoint {
  app: FastifyInstance;
  store: CommentStore;
  /** The address it listens on, as http://host:port. */
  address: string;
  /** Stops taking requests, waits for those under way and the notices being sent, closes the store. */
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function startEndpoint(config: CommentsConfig, output: EndpointOutput): Promise<RunningEndpoint> {
  const warn = (message: string) => output.warn(message);
  const manifest = await openManifest(config, warn);
  const store = await openStore(config).catch((error: Error) => {
    manifest.close();
    throw new EndpointMistake("comments.database-unopened", `Không mở được cơ sở dữ liệu bình luận: ${error.message}`);
  });
  const notifier = new Notifier(config.notify, warn);
  const app = await buildCommentsServer({ config, store, manifest, notifier, logStream: output.log });

  // The daily digest, at the configured hour in the newsroom's time, when the newsroom chose it.
  let digestTimer: NodeJS.Timeout | undefined;
  const scheduleDigest = (): void => {
    if (!notifier.digestMode) return;
    digestTimer = setTimeout(() => {
      void store
        .list("pending")
        .then((waiting) => notifier.sendDigest(waiting))
        .catch((error: Error) => warn(`Thư tổng hợp không gửi được: ${error.message}`))
        .finally(scheduleDigest);
    }, notifier.msUntilDigest());
    digestTimer.unref();
  };
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
  const upkeep = async (): Promise<void> => {
    await store.sweep();
    if (config.rejectedRetentionDays === 0) return;
    const before = new Date(Date.now() - config.rejectedRetentionDays * DAY_MS);
    const purged = await store.purgeRejected(before, ACTORS.retention);
    if (purged > 0) output.info(`Đã xóa ${purged} bình luận bị từ chối quá ${config.rejectedRetentionDays} ngày.`);
  };
  const runUpkeep = () => void upkeep().catch((error: Error) => warn(`Dọn dẹp hằng ngày lỗi: ${error.message}`));
  runUpkeep();
  const retention = setInterval(runUpkeep, DAY_MS);
  retention.unref();

  const address = await app.listen({ host: config.host, port: config.port });
  return {
    app,
    store,
    address,
    async close() {
      clearInterval(retention);
      clearTimeout(digestTimer);
      await app.close();
      await notifier.settle();
      manifest.close();
      await store.close();
    },
  };
}
