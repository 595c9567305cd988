// The cache packs what it keeps of each editor's file; what it gives back must be what was read,
// key for key and in the same order, since pages are hashed from it.
import assert from "node:assert/strict";
import { serialize } from "node:v8";
import { describe, test } from "node:test";
import type { SourceEntry } from "../lib/build/build-cache.ts";
import { packSources, unpackSources } from "../lib/build/packed-sources.ts";
import type { Article } from "../lib/content/article.ts";

const category = () => ({ name: "Thời sự", slug: "thoi-su", url: "/chuyen-muc/thoi-su/" });

function entry(file: string, changes: Partial<Article> = {}): SourceEntry {
  const summary = "Tóm tắt bài viết về cải cách hành chính ở Đắk Lắk.";
  const article: Article = {
    sourcePath: file,
    sourceFile: file,
    contentHash: `hash-${file}`,
    slug: "bai",
    url: `/2025/05/04/${file}/`,
    title: "Bài viết",
    summary,
    lead: summary,
    description: summary,
    category: category(),
    author: { name: "Lò Văn Puôn", url: "/tac-gia/lo-van-puon/" },
    tags: [{ name: "Đắk Lắk", url: "/the/dak-lak/" }],
    dateIso: "2025-05-04T06:00:00+07:00",
    dateDisplay: "Chủ Nhật, 04/05/2025 06:00",
    timestamp: 1746313200000,
    year: 2025,
    month: 5,
    day: 4,
    wordCount: 120,
    aliases: [],
    siteLinks: [],
    bodyImages: [],
    corrections: [],
    gallery: [],
    otherPhotos: [],
    ...changes,
  };
  return { mtimeMs: 1, size: 2, contentHash: `hash-${file}`, result: { kind: "article", article }, media: [] };
}

describe("the cache's packed record of the sources", () => {
  test("unpacks to exactly what was packed, keys in the same order", () => {
    const sources = new Map<string, SourceEntry>([
      ["a.md", entry("a.md")],
      ["b.md", entry("b.md", { lead: undefined, description: "Đoạn mở đầu của thân bài." })],
      ["c.md", entry("c.md", { lead: "Sa-pô khác tóm tắt.", sourceFile: "/khac/c.md", contentHash: "khac" })],
      ["d.md", { mtimeMs: 1, size: 2, contentHash: "d", result: { kind: "draft" }, media: [] }],
      [
        "e.md",
        {
          mtimeMs: 1,
          size: 2,
          contentHash: "e",
          result: {
            kind: "invalid",
            problems: [{ code: "content.field-missing", file: "e.md", field: "date", message: "sai" }],
          },
          media: [{ sitePath: "/anh/x.jpg", exists: false }],
        },
      ],
    ]);
    const unpacked = unpackSources(packSources(sources));
    assert.deepEqual(unpacked, sources);
    for (const [file, original] of sources)
      assert.equal(JSON.stringify(unpacked.get(file)), JSON.stringify(original), `${file}: same JSON, same order`);
  });

  test("is smaller: repeated text and shared categories and authors are kept once", () => {
    const sources = new Map(Array.from({ length: 200 }, (_, i) => [`${i}.md`, entry(`${i}.md`)] as const));
    const packed = serialize(packSources(sources)).length;
    assert.ok(packed < serialize(sources).length * 0.7, `packed ${packed} bytes`);
  });
});
