import path from "node:path";
import * as pagefind from "pagefind";

/**
 * Writes the Pagefind index for the built site. Only article pages carry `data-pagefind-body`, so
 * navigation, sidebars, listings and footers never enter the index.
 */
export async function writeSearchIndex(siteDir: string): Promise<{ pages: number }> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: "vi" });
  try {
    if (!index) throw new Error(`Pagefind không khởi tạo được chỉ mục: ${errors.join("; ")}`);
    // Only article pages carry content worth finding; listing pages are skipped without being parsed.
    const added = await index.addDirectory({ path: siteDir, glob: "[0-9][0-9][0-9][0-9]/**/*.html" });
    if (added.errors.length > 0) throw new Error(`Pagefind lỗi khi đọc trang: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath: path.join(siteDir, "pagefind") });
    if (written.errors.length > 0) throw new Error(`Pagefind lỗi khi ghi chỉ mục: ${written.errors.join("; ")}`);
    return { pages: added.page_count };
  } finally {
    await pagefind.close();
  }
}
