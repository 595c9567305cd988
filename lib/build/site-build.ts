import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { deserialize, serialize } from "node:v8";
import path from "node:path";
import { approvedCommentsOf } from "../content/approved-comments.ts";
import { readMostRead } from "../content/most-read.ts";
import { ArticleReader, sourceContextOf } from "../content/article-source.ts";
import { writeFileAtomically } from "../files/atomic-write.ts";
import { outputFingerprints, type OutputFingerprints } from "./dependencies.ts";
import { cacheDirFor, type CacheState, dropCache, hashOf, readCache, saveCache } from "./build-cache.ts";
import { BuildPool } from "./build-pool.ts";
import type { RenderResult } from "./build-worker.ts";
import { bundleClientScripts, bundleCmsScripts } from "../render/client-bundle.ts";
import { writeCmsFiles } from "../outputs/cms-files.ts";
import { ContentValidationError } from "../messages/content-errors.ts";
import { explain } from "../messages/catalogue.ts";
import { UserError } from "../messages/user-error.ts";
import { type SiteDocuments, siteDocuments } from "../outputs/site-documents.ts";
import type { ListingPage } from "../newsroom/listings.ts";
import { listMarkdownFiles, loadArticles, type LoadResult } from "./load-articles.ts";
import { buildNewsroom, type Newsroom } from "../newsroom/newsroom.ts";
import { claimOutputFolder, outputFolderId, pruneOutput } from "./output-folder.ts";
import { hostWarnings } from "./host-limits.ts";
import { ledgerAfterBuild, md5Hex, md5Of, newFolderId, type OutputFile, type OutputLedger } from "./output-ledger.ts";
import { PhotoRenditions, publishedWithPhotos } from "../outputs/photo-renditions.ts";
import { withPictures } from "../content/pictures.ts";
import { outputFile, PageRenderer, pageShell, templateNewsroom } from "../render/page-renderer.ts";
import { publishMedia, usedMediaPaths } from "../outputs/media-files.ts";
import { goneMarkerPath, type PageNotice, withdrawalNoticesOf } from "../outputs/withdrawals.ts";
import { readPublishedAddresses, savePublishedAddresses } from "./published-addresses.ts";
import { count, Progress } from "./progress.ts";
import { printTimings } from "./build-timings.ts";
import { articlePageHash, type InputHashes, inputHashesOf, listingPageHash, shardHash } from "./input-hashes.ts";
import { writeCommentsManifest, writeLatestFragment, writeVideoThumbnail } from "./side-files.ts";
import { renderChanged } from "./render-tasks.ts";
import { routingFileOf, writeRoutingBuckets } from "./routing-files.ts";
import { ROUTES } from "../settings/routes.ts";
import { redirectPagePath, redirectsOf, writeRedirectPage, writeRedirectsFile } from "../outputs/redirects.ts";
import { planShards, shardEntryFile, type ShardPlan, writeShardsManifest } from "../outputs/search-index.ts";
import { splitBySchedule } from "../content/schedule.ts";
import { requireContentFolders, type Settings } from "../settings/settings.ts";
import type { ShardRouting } from "../outputs/search-routing.ts";
import {
  type BuildPart,
  checkPartsAgree,
  filesOfPart,
  knownSources,
  partName,
  type PartRecord,
  partsOfShards,
  planAgreement,
  readPartRecords,
  removePartRecords,
  writePartRecord,
} from "./parts.ts";

/**
 * Folders copied as they are into the site, by site folder (Eleventy's passthrough copy). The media
 * folder is not one: only the files published articles use are published (media-files.ts).
 */
export function passthroughFolders(settings: Settings): Record<string, string> {
  return { [path.join(settings.root, "content/assets")]: ROUTES.assets.replace(/\//g, "") };
}

/** The site paths a passthrough copy produces: every file of each source folder. */
function passthroughOutputs(settings: Settings): string[] {
  return Object.entries(passthroughFolders(settings)).flatMap(([source, target]) =>
    readdirSync(source, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map(
        (entry) =>
          `${target}/${path.relative(source, path.join(entry.parentPath, entry.name)).split(path.sep).join("/")}`,
      ),
  );
}

const relativeOutput = (siteDir: string, sitePath: string) =>
  path.relative(siteDir, outputFile(siteDir, sitePath)).split(path.sep).join("/");

export interface EleventyResult {
  outputPath: string | false;
}

export interface BuildOptions {
  quiet: boolean;
  /** Ignore the previous build's cache (`npm run build -- --full`). */
  full?: boolean;
  /**
   * Trust the cache without the output folder it describes, and write only what changed
   * (`--only-changes`: CI keeps the cache, not the pages; the destination holds the rest).
   */
  onlyChanges?: boolean;
  /** Site files to write even though their inputs did not change (a deploy completing a destination). */
  rewrite?: ReadonlySet<string>;
  /**
   * A preview of a branch (`npm run preview`): read the cache of the build of `baseOutput` (the
   * base branch's) without changing it, write only what differs from it into this build's output
   * folder, and leave out the search index, which a preview never has.
   */
  preview?: { baseOutput: string };
  /** Part K of N of a build across machines: its article pages and search shards, and its record. */
  part?: BuildPart;
  /** The merge of a build across machines: the rest of the site, from the parts' records in the output folder. */
  merge?: boolean;
}

/** What a preview build made, against the base build whose cache it read. */
export interface PreviewOutcome {
  ledger: OutputLedger;
  base: OutputLedger | undefined;
}

/**
 * What outlives one build in a long-running process (the dev server): the worker threads and the
 * cache, kept in memory instead of being read from disk at every rebuild.
 */
export interface BuildSession {
  pool?: BuildPool;
  state?: CacheState;
  /**
   * Write search shards after the pages, in the background, so that an edited page shows at once;
   * the next build waits for them.
   */
  deferSearch?: boolean;
  /** The background work of the previous build. */
  pending?: Promise<void>;
}

/**
 * One build of the site. `prepare` reads and validates every article (in worker threads; only the
 * changed ones when the previous build's cache is valid) and computes the lists; Eleventy then
 * renders the whole-site pages from `templateData`; `finish` has the workers write the article and
 * list pages and the search shards whose inputs changed, and removes whatever the content no longer
 * defines. Eleventy's hooks call both, so `npm run build` and the dev server build the same way.
 */
export class SiteBuild {
  private constructor(
    readonly settings: Settings,
    readonly siteDir: string,
    readonly newsroom: Newsroom,
    /** The feeds and sitemaps (none for a part, which renders no whole-site page). */
    readonly documents: SiteDocuments | undefined,
    private readonly loaded: LoadResult,
    private readonly previous: CacheState | undefined,
    /** Why the build is a full one, when it is. */
    readonly fullBecause: string | undefined,
    private readonly cache: { dir: string; fingerprints: OutputFingerprints },
    /** This build's scratch folder (rendered bodies, the workers' context), removed when it ends. */
    private readonly workDir: string,
    /** The output folder's id (its marker), which the ledger repeats. */
    private readonly folderId: string,
    private readonly rewrite: ReadonlySet<string>,
    private readonly pool: BuildPool,
    private readonly session: BuildSession | undefined,
    private readonly progress: Progress,
    private readonly photos: PhotoRenditions,
    private readonly preview: boolean,
    private readonly part: BuildPart | undefined,
    /** The parts' records, for a merge. */
    private readonly records: PartRecord[] | undefined,
    /** The save of the sources the cache holds, which this build read (a merge reads its parts'). */
    private readonly sourcesSaveId: string | undefined,
  ) {}

  private pageRenderer?: PageRenderer;

  /** The page templates in this thread, for the few pages it writes itself (redirects, notices). */
  private renderer(): PageRenderer {
    return (this.pageRenderer ??= new PageRenderer(this.settings));
  }

  /** What a preview build made (set when `finish` completes one). */
  previewOutcome?: PreviewOutcome;

  static async prepare(
    settings: Settings,
    siteDir: string,
    options: BuildOptions,
    session?: BuildSession,
  ): Promise<SiteBuild> {
    await session?.pending;
    requireContentFolders(settings);
    const progress = new Progress(options.quiet);
    const files = listMarkdownFiles(settings.articlesDir);
    const pool = session?.pool ?? BuildPool.sizedFor(files.length, settings);
    if (session) session.pool = pool;
    const output = path.resolve(siteDir);
    // The build's own scratch folder: bodies rendered while reading, the context the workers share.
    const workDir = mkdtempSync(path.join(tmpdir(), "toasoan-build-"));
    try {
      const cacheOf = options.preview ? path.resolve(options.preview.baseOutput) : output;
      const cache = { dir: cacheDirFor(settings, cacheOf), fingerprints: outputFingerprints(settings, cacheOf) };
      const folderId = outputFolderId(output);
      const verdict = options.full
        ? { reason: "yêu cầu dựng đầy đủ (--full)" }
        : session?.state?.fingerprints.build === cache.fingerprints.build &&
            session.state.fingerprints.sources === cache.fingerprints.sources
          ? { state: session.state }
          : readCache(
              cache.dir,
              cache.fingerprints,
              cacheOf,
              outputFolderId(cacheOf),
              options.onlyChanges === true || options.preview !== undefined,
              // A merge knows every file from its parts' records.
              !options.merge,
            );
      const records = options.merge ? readPartRecords(output, cache.fingerprints.shared) : undefined;
      if (options.preview && !verdict.state)
        throw new UserError(
          "preview.no-base",
          `không dùng được bản dựng của nhánh gốc (${options.preview.baseOutput}): ${verdict.reason} — bản xem trước chỉ dựng phần khác nhánh gốc`,
        );
      progress.start("Đọc và kiểm tra bài viết");
      const loaded = await loadArticles({
        files,
        spillDir: workDir,
        mediaDir: settings.mediaDir,
        root: settings.root,
        pool,
        previous: knownSources(verdict.state?.sources ?? verdict.sources, records),
        categoryUrls: new Set(settings.categories.all.map((category) => category.url)),
      });
      if (loaded.problems.length > 0) throw new ContentValidationError(loaded.problems);
      const { published, scheduled } = splitBySchedule(loaded.articles, settings.now);
      if (published.length === 0 && !settings.allowEmpty) {
        const waiting = [
          loaded.drafts > 0 ? `${loaded.drafts} bản nháp` : "",
          scheduled.length > 0 ? `${scheduled.length} bài hẹn giờ` : "",
        ].filter(Boolean);
        const drafts = waiting.length > 0 ? ` (chỉ có ${waiting.join(", ")})` : "";
        throw new UserError("content.none", `${settings.articlesDir}: không có bài viết nào để xuất bản${drafts}`);
      }
      progress.done(
        `${count(published.length)} bài, ${count(scheduled.length)} bài hẹn giờ, ${count(loaded.drafts)} bản nháp, ${count(loaded.withdrawn.length)} bài đã gỡ; đọc lại ${count(loaded.parsed)} tệp`,
      );
      progress.start("Ảnh: các cỡ AVIF, WebP, JPEG");
      const photos = new PhotoRenditions(path.join(cache.dir, "images"), settings.mediaDir);
      const photographed = await publishedWithPhotos(published, photos);
      if (photographed.problems.length > 0) throw new ContentValidationError(photographed.problems);
      progress.done(`${count(photos.count)} ảnh, làm mới ${count(photos.processed)}`);
      progress.start("Lập danh sách, nguồn tin");
      const newsroom = buildNewsroom(
        settings,
        photographed.articles,
        approvedCommentsOf(photographed.articles, settings.approvedCommentsFile),
        readMostRead(settings.mostReadFile),
      );
      const reader = new ArticleReader(sourceContextOf(settings));
      const documents = options.part
        ? undefined
        : siteDocuments(settings, newsroom, (article) =>
            withPictures(reader.bodyHtml(article), article.bodyPictures ?? {}, "feed"),
          );
      progress.done(
        `${count(newsroom.listings.length)} trang danh sách${documents ? `, ${count(documents.feeds.length)} tệp nguồn tin` : ""}`,
      );
      // From here on the output folder changes: a build that stops half-way must leave no cache behind.
      // Only a valid newsroom touches the output folder: a failed check leaves it as it was.
      const claimedId = claimOutputFolder(output, folderId ?? newFolderId());
      // A preview reads the base's cache and never changes it.
      if (!options.preview) dropCache(cache.dir);
      if (session) session.state = undefined;
      const build = new SiteBuild(
        settings,
        output,
        newsroom,
        documents,
        loaded,
        verdict.state,
        verdict.reason,
        cache,
        workDir,
        claimedId,
        options.rewrite ?? new Set(),
        pool,
        session,
        progress,
        photos,
        options.preview !== undefined,
        options.part,
        records,
        verdict.sourcesSaveId,
      );
      if (records) build.checkRecords();
      build.startLists();
      return build;
    } catch (error) {
      rmSync(workDir, { recursive: true, force: true });
      if (!session) await pool.close();
      throw error;
    }
  }

  private plannedShards?: ShardPlan[];

  /** The search shards, cut where the previous build's were (a merge: where its parts' were). */
  private shardPlan(): ShardPlan[] {
    const { site } = this.settings;
    const starts = this.records ? this.records[0]!.starts : [...(this.previous?.shards.keys() ?? [])];
    return (this.plannedShards ??= planShards(
      this.newsroom.articles,
      site.searchShardMonths,
      site.searchShardArticles,
      starts,
    ));
  }

  /**
   * Before a merge writes anything: every part saw the archive it sees (the same shards and parts,
   * the same boxes), each part's page and shard has the input hash this build computes, and every
   * article's page was made by one part.
   */
  private checkRecords(): void {
    const records = this.records!;
    const shards = this.shardPlan();
    const hashes = this.inputHashes();
    const owners = partsOfShards(shards, records.length);
    checkPartsAgree(records, planAgreement(shards, this.newsroom.articles, owners), this.boxesAgreement(hashes));
    const byUrl = new Map(this.newsroom.articles.map((article, index) => [article.url, index]));
    const made = new Set<string>();
    for (const record of records)
      for (const [url, hash] of record.pages) {
        const index = byUrl.get(url);
        if (
          index === undefined ||
          articlePageHash(index, this.newsroom, hashes, this.cache.fingerprints.pages.article) !== hash
        )
          throw new UserError(
            "build.parts-mismatch",
            `trang ${url} của phần ${partName(record.part)} khác trang bản gộp sẽ dựng — dựng mọi phần và bản gộp từ cùng một commit, cùng data/approved-comments.json`,
          );
        made.add(url);
      }
    const missing = this.newsroom.articles.find((article) => !made.has(article.url));
    if (missing)
      throw new UserError("build.parts-mismatch", `không phần nào dựng trang ${missing.url} — dựng lại mọi phần`);
    for (const plan of shards) {
      const state = records.find((record) => record.shards.has(plan.id))?.shards.get(plan.id);
      if (state?.hash !== shardHash(plan, hashes, this.cache.fingerprints.search))
        throw new UserError(
          "build.parts-mismatch",
          `phần chỉ mục tìm kiếm ${plan.id} của các phần khác bản gộp — dựng mọi phần và bản gộp từ cùng một commit`,
        );
    }
  }

  private hashesOfInputs?: InputHashes;

  /** Each article's and summary's hash, computed once per build. */
  private inputHashes(): InputHashes {
    return (this.hashesOfInputs ??= inputHashesOf(this.newsroom));
  }

  /** The list pages this build renders, started before Eleventy renders the whole-site pages, and each list page's hash. */
  private lists?: { hashes: Map<string, string>; results: Promise<RenderResult[]> };

  /**
   * Sets the workers on the list pages whose inputs changed as soon as the lists are known: Eleventy
   * then renders the whole-site pages in this thread while they work.
   */
  private startLists(): void {
    if (this.part) return;
    const template = this.cache.fingerprints.pages.listing;
    const hashes = new Map(
      this.newsroom.listings.map((listing) => [listing.url, listingPageHash(listing, this.inputHashes(), template)]),
    );
    const changed = this.newsroom.listings.filter(
      (listing) =>
        this.previous?.pages.get(listing.url) !== hashes.get(listing.url) ||
        this.rewrite.has(relativeOutput(this.siteDir, listing.url)),
    );
    const results = this.render(new Set(), changed, [], new Map(), true);
    // Awaited by finish; a build that stops before it ends the workers, and the rejection with them.
    results.catch(() => undefined);
    this.lists = { hashes, results };
  }

  /** What Eleventy's templates read as the global `newsroom`. */
  templateData() {
    if (!this.documents) throw new Error("A part of a build renders no whole-site page");
    return templateNewsroom(this.newsroom, this.documents);
  }

  async finish(eleventyResults: readonly EleventyResult[]): Promise<void> {
    const { settings, siteDir, newsroom, progress, previous, part, records } = this;
    try {
      const produced = new Set<string>(part ? [] : passthroughOutputs(settings));
      if (!part) await this.writeWholeSiteFiles(eleventyResults, produced);

      const pages = new Map<string, string>();
      /** Pages and shard files left as the previous build wrote them: the ledger keeps their hashes. */
      const carried = new Set<string>();
      /** Whether a page must be written: its inputs changed, or a deploy asks for the file. */
      const mustWrite = (sitePath: string, hash: string) => {
        pages.set(sitePath, hash);
        const file = relativeOutput(siteDir, sitePath);
        if (previous?.pages.get(sitePath) !== hash || this.rewrite.has(file)) return true;
        carried.add(file);
        return false;
      };
      const inputHashes = this.inputHashes();
      const templates = this.cache.fingerprints.pages;
      const shards = this.shardPlan();
      const owners = part ? partsOfShards(shards, part.count) : undefined;
      /** The shards this build renders: all of them, a part's own, or none for a merge (its parts did). */
      const ownShards = shards.filter((plan) => (part ? owners!.get(plan.id) === part.index : !records));
      /** Files the parts wrote, for a merge: in the site, but not made here. */
      const fromParts = new Map<string, OutputFile>();
      const changedArticles = new Set<number>();
      const articlePage = (index: number) => articlePageHash(index, newsroom, inputHashes, templates.article);
      if (records) {
        this.takeFromParts(records, pages, fromParts);
      } else {
        const ownArticles = part ? ownShards.flatMap((plan) => plan.articles) : newsroom.articles.keys();
        for (const index of ownArticles)
          if (mustWrite(newsroom.articles[index]!.url, articlePage(index))) changedArticles.add(index);
      }
      // The same choice startLists made, now recorded with the other pages.
      const changedListings = part
        ? []
        : newsroom.listings.filter((listing) => mustWrite(listing.url, this.lists!.hashes.get(listing.url)!));
      const hashed = new Map<string, OutputFile>();
      if (!part) this.writeAddressPages(mustWrite, (sitePath) => pages.has(sitePath), hashed, produced, templates);
      const shardState = new Map<string, { hash: string; files: string[] }>();
      for (const [id, state] of records ? records.flatMap((record) => [...record.shards]) : [])
        shardState.set(id, state);
      // A part keeps every shard's id, so that its next plan is the merge's.
      if (part) for (const plan of shards) shardState.set(plan.id, { hash: "", files: [] });
      const changedShards = ownShards.filter((plan) => {
        if (this.preview) return false;
        const hash = shardHash(plan, inputHashes, this.cache.fingerprints.search);
        const before = previous?.shards.get(plan.id);
        if (
          before?.hash === hash &&
          !before.files.some((file) => this.rewrite.has(file)) &&
          existsSync(this.routingFile(plan.id))
        ) {
          shardState.set(plan.id, before);
          for (const file of before.files) carried.add(file);
          return false;
        }
        shardState.set(plan.id, { hash, files: [] });
        return true;
      });

      const kind = this.fullBecause ? `Dựng đầy đủ vì ${this.fullBecause}` : "Dựng phần thay đổi";
      const scope = part ? ` (phần ${partName(part)})` : records ? ` (gộp ${count(records.length)} phần)` : "";
      progress.start(
        `${kind}${scope}: ${count(changedArticles.size)} trang bài viết, ${count(changedListings.length)} trang danh sách, ${count(changedShards.length)}/${count(ownShards.length)} phần chỉ mục tìm kiếm`,
      );
      const deferred = this.session?.deferSearch === true && changedShards.length > 0;
      const articleResults = await this.render(changedArticles, [], deferred ? [] : changedShards, shardState);
      // The routing index needs the shards only: it is made while the list pages are still rendering.
      const searchListsFirst = !part && !deferred && !this.preview;
      if (searchListsFirst) this.writeSearchLists(shards, { hashed, carried, produced, fromParts });
      const results = [...articleResults, ...(this.lists ? await this.lists.results : [])];
      const recordWritten = (done: readonly RenderResult[]) => {
        for (const result of done) for (const [file, entry] of result.written) hashed.set(file, entry);
      };
      recordWritten(results);
      for (const url of pages.keys()) produced.add(relativeOutput(siteDir, url));
      for (const file of fromParts.keys()) produced.add(file);
      if (!part) this.writeSideFiles(produced);
      if (settings.timings) printTimings(results, changedArticles.size, changedListings);

      const ledgerOfOutput = () =>
        ledgerAfterBuild({
          siteDir,
          folderId: this.folderId,
          produced,
          hashed,
          carried,
          fromParts,
          completing: this.rewrite.size > 0,
          part,
          previous: previous?.ledger,
        });
      if (this.preview) {
        this.previewOutcome = { ledger: ledgerOfOutput(), base: previous?.ledger };
        progress.done(`${count(changedArticles.size + changedListings.length)} trang khác bản dựng gốc`);
        await this.cleanUp();
        return;
      }

      /** Once every changed shard is written: the routing index, the list of shards, the ledger and the cache. */
      const complete = () => {
        for (const shard of shardState.values()) for (const file of shard.files) produced.add(file);
        if (!part && !searchListsFirst) this.writeSearchLists(shards, { hashed, carried, produced, fromParts });
        // With the previous build's list of files, only those no longer produced are removed; without
        // it, the whole folder is checked.
        const removed = pruneOutput(
          siteDir,
          produced,
          previous?.ledger.files.keys(),
          part ? [] : Object.values(passthroughFolders(settings)),
        );
        const ledger: OutputLedger = ledgerOfOutput();
        const state: CacheState = {
          fingerprints: this.cache.fingerprints,
          sources: this.loaded.sources,
          pages,
          shards: shardState,
          ledger,
        };
        saveCache(this.cache.dir, state, this.loaded.sameSources ? this.sourcesSaveId : undefined);
        if (part) this.writeRecord(part, state, shards, owners!, inputHashes);
        else
          savePublishedAddresses(this.cache.dir, [
            ...this.published,
            ...newsroom.articles.map((article) => article.url),
          ]);
        if (records) removePartRecords(siteDir);
        if (this.session) this.session.state = state;
        progress.total(
          `${kind}${scope}: ${count(produced.size)} tệp trong ${siteDir}${removed.length > 0 ? `, xóa ${count(removed.length)} tệp không còn thuộc trang` : ""}`,
        );
        if (!part) for (const warning of hostWarnings(ledger, settings.deployTo)) console.warn(warning);
      };
      if (!deferred) {
        progress.done(
          `${count(changedArticles.size + changedListings.length)} trang, ${count(changedShards.length)} phần chỉ mục`,
        );
        complete();
        await this.cleanUp();
        return;
      }
      // Dev server: the pages are written and the browser reloads; the changed shards follow.
      progress.done(`${count(changedArticles.size + changedListings.length)} trang; chỉ mục tìm kiếm đang cập nhật`);
      const background = this.render(new Set(), [], changedShards, shardState).then((done) => {
        recordWritten(done);
        complete();
      });
      // On failure the cache keeps the last complete state, so the next build makes these shards again.
      this.session!.pending = background
        .catch((error: unknown) =>
          console.error(
            explain(
              "search.update-failed",
              `Chưa cập nhật được chỉ mục tìm kiếm: ${error instanceof Error ? error.message : String(error)}`,
            ),
          ),
        )
        .finally(() => this.cleanUp());
      return;
    } catch (error) {
      await this.cleanUp();
      throw error;
    }
  }

  /** What Eleventy wrote, the scripts, photos, media and the CMS: the files only a whole build (or a merge) makes. */
  private async writeWholeSiteFiles(eleventyResults: readonly EleventyResult[], produced: Set<string>): Promise<void> {
    const { settings, siteDir, newsroom } = this;
    for (const result of eleventyResults) {
      if (result.outputPath)
        produced.add(path.relative(siteDir, path.resolve(result.outputPath)).split(path.sep).join("/"));
    }
    for (const file of await bundleClientScripts(siteDir, settings.root, settings.ui)) produced.add(file);
    for (const file of this.photos.publish(siteDir)) produced.add(file);
    for (const file of publishMedia(siteDir, settings.mediaDir, usedMediaPaths(newsroom.articles))) produced.add(file);
    for (const file of writeCmsFiles(siteDir, settings)) produced.add(file);
    for (const file of await bundleCmsScripts(siteDir, settings.root)) produced.add(file);
    // The photo cache is the base build's too: a preview adds renditions but removes none.
    if (!this.preview) this.photos.save();
    if (newsroom.articles.some((article) => article.video))
      produced.add(await writeVideoThumbnail(siteDir, path.join(settings.root, "content", ROUTES.logo)));
  }

  /** Redirects from old addresses and the notices at addresses no longer published. */
  private writeAddressPages(
    mustWrite: (sitePath: string, hash: string) => boolean,
    isPage: (sitePath: string) => boolean,
    hashed: Map<string, OutputFile>,
    produced: Set<string>,
    templates: OutputFingerprints["pages"],
  ): void {
    const { siteDir, newsroom } = this;
    for (const redirect of redirectsOf(newsroom.articles)) {
      const sitePath = redirectPagePath(redirect.from);
      if (!mustWrite(sitePath, hashOf({ template: templates.redirect, redirect }))) continue;
      const html = this.renderer().redirect(redirect);
      writeRedirectPage(outputFile(siteDir, sitePath), html);
      hashed.set(relativeOutput(siteDir, sitePath), { md5: md5Of(html), size: Buffer.byteLength(html) });
    }
    this.writeNotices(withdrawalNoticesOf(this.loaded.withdrawn), mustWrite, hashed, templates.withdrawn);
    // Each address that held an article no longer published (its file deleted, its address changed
    // without an alias, put back to a draft): the same notice, without a reason, so that a link
    // baked into a page before never leads to a 404.
    const published = readPublishedAddresses(this.cache.dir);
    const removed = [...published].filter((address) => !isPage(address)).map((address) => ({ address }));
    this.writeNotices(removed, mustWrite, hashed, templates.withdrawn);
    this.published = published;
    const redirectsFile = writeRedirectsFile(siteDir, redirectsOf(newsroom.articles));
    if (redirectsFile) produced.add(redirectsFile);
  }

  /** Addresses that held an article at the last build (notices keep them). */
  private published: ReadonlySet<string> = new Set();

  /** The endpoint's list of articles and Tin mới alone, for the pages the last build did not rewrite. */
  private writeSideFiles(produced: Set<string>): void {
    produced.add(writeCommentsManifest(this.siteDir, this.newsroom, this.settings.now));
    produced.add(
      writeLatestFragment(
        this.siteDir,
        this.newsroom.latest.map((index) => this.newsroom.summaries[index]!),
        this.renderer(),
      ),
    );
  }

  /** The routing index and the list of shards, from every shard's routing (the parts' too). */
  private writeSearchLists(
    shards: ShardPlan[],
    files: {
      hashed: Map<string, OutputFile>;
      carried: Set<string>;
      produced: Set<string>;
      fromParts: ReadonlyMap<string, OutputFile>;
    },
  ): void {
    const { hashed, carried, produced, fromParts } = files;
    const routing = writeRoutingBuckets(
      { cacheDir: this.cache.dir, siteDir: this.siteDir, previous: this.previous?.ledger, rewrite: this.rewrite },
      shards,
      { hashed, carried },
    );
    for (const file of routing.files) produced.add(file);
    const entryMd5 = (shard: string) => {
      const file = shardEntryFile(shard);
      const known = fromParts.get(file) ?? (carried.has(file) ? this.previous?.ledger.files.get(file) : undefined);
      return md5Hex(known?.md5 ?? md5Of(readFileSync(path.join(this.siteDir, file))));
    };
    produced.add(writeShardsManifest(this.siteDir, shards, this.newsroom.articles, routing.manifest, entryMd5));
  }

  /** What every part and the merge must agree on beside the shards: the boxes baked into article pages. */
  private boxesAgreement(inputHashes: InputHashes): string {
    const { latest, mostRead } = this.newsroom;
    return hashOf({ latest: latest.map((index) => inputHashes.summary(index)), mostRead });
  }

  /** A part's record in its output folder, for the merge. */
  private writeRecord(
    part: BuildPart,
    state: CacheState,
    shards: ShardPlan[],
    owners: ReadonlyMap<string, number>,
    inputHashes: InputHashes,
  ): void {
    const own = shards.filter((plan) => owners.get(plan.id) === part.index).map((plan) => plan.id);
    const files = [...this.loaded.sources.keys()];
    writePartRecord(this.siteDir, {
      part,
      starts: [...(this.previous?.shards.keys() ?? [])],
      agreement: {
        code: this.cache.fingerprints.shared,
        plan: planAgreement(shards, this.newsroom.articles, owners),
        boxes: this.boxesAgreement(inputHashes),
      },
      sources: new Map(filesOfPart(files, part).map((file) => [file, this.loaded.sources.get(file)!])),
      pages: state.pages,
      shards: new Map(own.map((id) => [id, state.shards.get(id)!])),
      routing: new Map(own.map((id) => [id, deserialize(readFileSync(this.routingFile(id))) as ShardRouting])),
      files: state.ledger.files,
    });
  }

  /** A merge takes the article pages and shards from its parts' records (checked by checkRecords); their routing goes where this build keeps its own. */
  private takeFromParts(
    records: readonly PartRecord[],
    pages: Map<string, string>,
    fromParts: Map<string, OutputFile>,
  ): void {
    for (const record of records) {
      for (const [url, hash] of record.pages) pages.set(url, hash);
      for (const [file, entry] of record.files) fromParts.set(file, entry);
      for (const [id, routing] of record.routing) writeFileAtomically(this.routingFile(id), serialize(routing));
    }
  }

  /**
   * A notice page at each address (an article taken down, or one no longer published), and beside
   * it the empty marker that lets a web server answer 410 there. Written when the notice changes.
   */
  private writeNotices(
    notices: readonly PageNotice[],
    mustWrite: (sitePath: string, hash: string) => boolean,
    hashed: Map<string, OutputFile>,
    template: string,
  ): void {
    if (notices.length === 0) return;
    const renderer = this.renderer();
    const shell = pageShell(this.newsroom, this.newsroom.summaries);
    for (const notice of notices) {
      const hash = hashOf({ template, notice });
      for (const [sitePath, content] of [
        [notice.address, () => renderer.withdrawn(notice, shell)],
        [goneMarkerPath(notice.address), () => ""],
      ] as const) {
        if (!mustWrite(sitePath, hash)) continue;
        const text = content();
        writeFileAtomically(outputFile(this.siteDir, sitePath), text);
        hashed.set(relativeOutput(this.siteDir, sitePath), { md5: md5Of(text), size: Buffer.byteLength(text) });
      }
    }
  }

  private async cleanUp(): Promise<void> {
    rmSync(this.workDir, { recursive: true, force: true });
    if (!this.session) await this.pool.close();
  }

  private routingFile(shard: string): string {
    return routingFileOf(this.cache.dir, shard);
  }

  /** The changed pages and shards, rendered over the workers (build/render-tasks.ts). */
  private render(
    articles: ReadonlySet<number>,
    listings: ListingPage[],
    shards: ShardPlan[],
    shardState: Map<string, { hash: string; files: string[] }>,
    silent = false,
  ): Promise<RenderResult[]> {
    return renderChanged(
      {
        pool: this.pool,
        newsroom: this.newsroom,
        bodies: this.loaded.bodies,
        siteDir: this.siteDir,
        workDir: this.workDir,
        progress: silent ? undefined : this.progress,
        routingFile: (shard) => this.routingFile(shard),
      },
      { articles, listings, shards, shardState },
    );
  }

  /** A build that stops before `finish` (Eleventy failed) still ends its worker threads. */
  abort(): Promise<void> {
    return this.cleanUp();
  }
}
