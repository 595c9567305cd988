// A deterministic synthetic archive for benchmarks that must run from a plain clone. Figures for
// comparison across machines use ../shared/corpus/gen-corpus.mjs (pass its folder with --corpus).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const CATEGORIES = [
  "Thời sự - Chính trị",
  "Kinh tế",
  "Cải cách hành chính",
  "Nông thôn mới",
  "Văn hóa - Xã hội",
  "Du lịch",
  "Quốc phòng - An ninh",
  "Pháp luật",
  "Thể thao",
  "Bản tin thời tiết",
];
const PLACES = [
  "Sơn La",
  "Mộc Châu",
  "Mai Sơn",
  "Yên Châu",
  "Bắc Yên",
  "Sốp Cộp",
  "Quỳnh Nhai",
  "Điện Biên",
  "Đắk Lắk",
  "Thuận Châu",
  "Phù Yên",
  "Vân Hồ",
];
const SUBJECTS = [
  "Ủy ban nhân dân tỉnh",
  "người dân",
  "chính quyền địa phương",
  "Hội Nông dân",
  "Đoàn Thanh niên",
  "ngành y tế",
  "các doanh nghiệp",
  "Đảng bộ huyện",
  "Công an tỉnh",
  "bà con các bản",
];
const VERBS = [
  "triển khai",
  "đẩy mạnh",
  "tổ chức",
  "kiểm tra",
  "hỗ trợ",
  "đầu tư",
  "xây dựng",
  "nâng cao",
  "hoàn thành",
  "tuyên truyền",
  "phát triển",
  "rà soát",
];
const OBJECTS = [
  "cải cách hành chính",
  "điện nông thôn",
  "đường giao thông",
  "chuyển đổi số",
  "dịch vụ công trực tuyến",
  "sản phẩm OCOP",
  "nước sạch",
  "du lịch cộng đồng",
  "bảo tồn di sản",
  "phòng chống thiên tai",
  "an ninh trật tự",
  "giải bóng đá",
];
const ADJS = ["hiệu quả", "bền vững", "kịp thời", "đồng bộ", "thiết thực", "minh bạch", "toàn diện", "tích cực"];
const NAMES = [
  "Thanh Huyền",
  "Lò Văn Thắng",
  "Nguyễn Thị Mai",
  "Hà Văn Dũng",
  "Trần Minh Đức",
  "Quàng Thị Lan",
  "Đỗ Quốc Việt",
  "Cầm Văn Sơn",
];

/** mulberry32: small, fast, seeded. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function writeSyntheticCorpus(dir: string, count: number, seed = 20251126): void {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const sentence = () => `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(ADJS)} tại ${pick(PLACES)}.`;
  const start = Date.UTC(2012, 0, 1);
  const span = Date.UTC(2026, 9, 1) - start;
  for (let i = 0; i < count; i++) {
    const local = new Date(start + Math.floor(next() * span) + 7 * 3600e3);
    const [year, month, day] = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()].map((n) =>
      String(n).padStart(2, "0"),
    );
    const title = `${pick(PLACES)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(ADJS)}`;
    const paragraphs = Array.from({ length: 4 + Math.floor(next() * 8) }, () =>
      Array.from({ length: 4 + Math.floor(next() * 4) }, sentence).join(" "),
    );
    const front = [
      "---",
      `title: ${JSON.stringify(`${title.charAt(0).toUpperCase()}${title.slice(1)}`)}`,
      `date: ${year}-${month}-${day}T${String(local.getUTCHours()).padStart(2, "0")}:${String(local.getUTCMinutes()).padStart(2, "0")}:00+07:00`,
      `category: ${JSON.stringify(pick(CATEGORIES))}`,
      `author: ${JSON.stringify(pick(NAMES))}`,
      `summary: ${JSON.stringify(sentence())}`,
      `slug: bai-${i + 1}`,
      "---",
    ].join("\n");
    const folder = path.join(dir, String(year), String(month));
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `bai-${i + 1}.md`), `${front}\n${paragraphs.join("\n\n")}\n`);
  }
}
