// npm run bench:photos -- [--articles 1000] [--runs 2] [--width 2048]
// The photo step at scale: an archive where every article has its own lead photo (generated: a
// camera-sized JPEG with a photo's amount of detail), built with an empty photo cache (cold) and
// again with the cache the workflow keeps (warm), alternately. Prints the photo step's time and the
// whole build's, medians over the runs. The photos are made once and kept in bench-results/.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { listMarkdownFiles } from "../lib/build/load-articles.ts";
import { median, runMeasured } from "./lib/process-tree.ts";
import { writeSyntheticCorpus } from "./lib/synthetic-corpus.ts";

const { values } = parseArgs({
  options: {
    articles: { type: "string", default: "1000" },
    runs: { type: "string", default: "2" },
    width: { type: "string", default: "2048" },
  },
});
const count = Number(values.articles);
const width = Number(values.width);
const height = Math.round((width * 2) / 3);
const work = path.resolve("bench-results", `photos-${count}-${width}`);
const articlesDir = path.join(work, "articles");
const mediaDir = path.join(work, "media");

/** One photo per article, each different: noise blurred to a photo's texture, tinted, as a camera JPEG. */
async function makeCorpus(): Promise<void> {
  if (existsSync(path.join(work, "ready"))) return;
  rmSync(work, { recursive: true, force: true });
  writeSyntheticCorpus(articlesDir, count);
  mkdirSync(mediaDir, { recursive: true });
  const files = listMarkdownFiles(articlesDir);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const name = `anh-${index + 1}.jpg`;
      await sharp({
        create: {
          width,
          height,
          channels: 3,
          background: "#808080",
          noise: { type: "gaussian", mean: 128, sigma: 60 },
        },
      })
        .blur(1.2 + (index % 5) * 0.4)
        .tint({ r: (index * 37) % 255, g: (index * 91) % 255, b: (index * 53) % 255 })
        .jpeg({ quality: 85 })
        .toFile(path.join(mediaDir, name));
      const file = files[index]!;
      const text = readFileSync(file, "utf8");
      const closing = text.indexOf("\n---\n", 3);
      writeFileSync(
        file,
        `${text.slice(0, closing)}\nimage: /media/${name}\nimage_alt: "Ảnh minh họa ${index + 1}"${text.slice(closing)}`,
      );
    }
  };
  await Promise.all([worker(), worker()]);
  writeFileSync(path.join(work, "ready"), "");
}

const output = path.join(work, "site");
const cache = path.join(work, "cache");
const env = {
  TOASOAN_ARTICLES: articlesDir,
  TOASOAN_MEDIA: mediaDir,
  TOASOAN_CACHE: cache,
  TOASOAN_NOW: "2026-11-26T12:00:00+07:00",
};

/** The photo step's own line: "1.000 ảnh, làm mới 1.000 — 512,3 giây". */
const PHOTO_LINE = /([\d.]+) ảnh, làm mới ([\d.]+) — ([\d.,]+) giây/;
const number = (text: string) => Number(text.replace(/\./g, "").replace(",", "."));

async function build(label: string, cold: boolean): Promise<{ photos: number; total: number }> {
  if (cold) rmSync(cache, { recursive: true, force: true });
  const measured = await runMeasured(
    process.execPath,
    ["--import", "tsx", "scripts/build.ts", "--output", output, "--full"],
    env,
  );
  if (measured.code !== 0) throw new Error(`${label} failed:\n${measured.stderr}`);
  const line = PHOTO_LINE.exec(measured.stdout);
  if (!line) throw new Error(`${label}: no photo step in the output:\n${measured.stdout}`);
  const photos = number(line[3]!);
  console.log(
    `  ${label}: photo step ${photos.toFixed(1)} s (${line[1]} photos, ${line[2]} made), whole build ${measured.seconds.toFixed(1)} s, peak ${(measured.peakRssBytes / 2 ** 30).toFixed(2)} GB`,
  );
  return { photos, total: measured.seconds };
}

await makeCorpus();
console.log(`${count} articles, each with a ${width}×${height} JPEG lead photo, in ${work}`);
const cold: { photos: number; total: number }[] = [];
const warm: { photos: number; total: number }[] = [];
for (let run = 1; run <= Number(values.runs); run++) {
  cold.push(await build(`cold ${run}`, true));
  warm.push(await build(`warm ${run}`, false));
}
const summary = (label: string, results: { photos: number; total: number }[]) =>
  `${label}: photo step median ${median(results.map((result) => result.photos)).toFixed(1)} s (${((median(results.map((result) => result.photos)) / count) * 1000).toFixed(1)} ms/photo), whole build median ${median(results.map((result) => result.total)).toFixed(1)} s`;
console.log(summary("Cold cache", cold));
console.log(summary("Warm cache", warm));
