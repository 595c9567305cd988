import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { hintLine, type MessageCode, MESSAGES } from "../lib/messages/catalogue.ts";
import { parseCommandArgs } from "../lib/messages/command-line.ts";
import { UserError } from "../lib/messages/user-error.ts";
import { articleFile, buildFixture, checkFixture, PROJECT_ROOT, runScript } from "./helpers/fixture-site.ts";

describe("one catalogue of a user's mistakes", () => {
  test("every code says what it is about and how to put it right, in Vietnamese", () => {
    for (const [code, entry] of Object.entries(MESSAGES)) {
      assert.match(code, /^[a-z-]+\.[a-z-]+$/, code);
      assert.ok(entry.about.length > 5 && entry.hint.length > 10, code);
      assert.match(entry.hint, /\p{L}/u, code);
    }
  });

  test("every code the build and the tools use is in the catalogue, and every entry is used", () => {
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith(".ts") && !file.endsWith("catalogue.ts"))
          for (const match of readFileSync(file, "utf8").matchAll(/"([a-z-]+\.[a-z-]+)"/g))
            if (match[1]! in MESSAGES) used.add(match[1]!);
      }
    };
    walk(path.join(PROJECT_ROOT, "lib"));
    walk(path.join(PROJECT_ROOT, "scripts"));
    walk(path.join(PROJECT_ROOT, "comments"));
    assert.deepEqual(
      Object.keys(MESSAGES).filter((code) => !used.has(code)),
      [],
      "codes no module uses",
    );
  });

  test("a command prints the mistake on one line with its code and how to put it right, without a stack trace", async () => {
    const built = await buildFixture(
      { "2025/05/bai.md": articleFile({ title: "Bài", date: "2025-05-04 08:00", category: "Kinh tế", author: "A" }) },
      { env: { TOASOAN_SEARCH_SHARD_MONTHS: "5" } },
    );
    assert.equal(built.result.code, 1);
    const lines = built.result.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, built.result.stderr);
    assert.match(lines[0]!, /searchShardMonths/);
    assert.ok(lines[0]!.endsWith(`${hintLine("settings.invalid")} [settings.invalid]`), lines[0]);

    const empty = await buildFixture({ "2025/05/nhap.md": articleFile({ ...valid, draft: true }) });
    assert.equal(empty.result.code, 1);
    assert.match(
      empty.result.stderr,
      /^.*không có bài viết nào để xuất bản \(chỉ có 1 bản nháp\)\. Cách sửa: .*--allow-empty\. \[content\.none\]\n$/,
    );
  });

  test("each kind of problem in an editor's file is a line with its own code, and each kind's hint follows", async () => {
    const result = await checkFixture({
      "2025/05/yaml.md": "---\ntitle: [Bài\n---\nNội dung.\n",
      "2025/05/khong-dau.md": "Chỉ có nội dung.\n",
      "2025/05/truong-la.md": articleFile({ ...valid, tieude: "X" }),
      "2025/05/thieu.md": articleFile({ title: "Thiếu tác giả", date: "2025-05-04 08:00", category: "Kinh tế" }),
      "2025/05/sai-kieu.md": articleFile({ ...valid, title: "Sai kiểu", draft: "có" }),
      "2025/05/ngay.md": articleFile({ ...valid, title: "Ngày", date: "2025-02-30 08:00" }),
      "2025/05/thu-tu.md": articleFile({ ...valid, title: "Thứ tự", updated: "2025-05-01 08:00" }),
      "2025/05/chuyen-muc.md": articleFile({ ...valid, title: "Chuyên mục", category: "Không có" }),
      "2025/05/anh.md": articleFile({ ...valid, title: "Ảnh", image: "/media/khong-co.jpg", image_alt: "Ảnh" }),
      "2025/05/mo-ta.md": articleFile({ ...valid, title: "Mô tả", caption: "Chú thích" }),
      "2025/05/rong.md": articleFile({ ...valid, title: "Rỗng" }, ""),
      "2025/05/lien-ket.md": articleFile({ ...valid, title: "Liên kết" }, "Xem [bài](/2025/01/01/khong-co/)."),
      "2025/05/trung-a.md": articleFile({ ...valid, title: "Trùng", slug: "trung" }),
      "2025/05/trung-b.md": articleFile({ ...valid, title: "Trùng nữa", slug: "trung" }),
      "2025/05/dia-chi-cu.md": articleFile({ ...valid, title: "Địa chỉ cũ", aliases: ["/tin-moi/"] }),
    });
    assert.equal(result.code, 1);
    const codeOf = (file: string) => new RegExp(`${file.replace(".", "\\.")}(:\\d+)?: .* \\[([a-z.-]+)\\]$`, "m");
    const expected: Record<string, string> = {
      "yaml.md": "content.front-matter-unreadable",
      "khong-dau.md": "content.front-matter-missing",
      "truong-la.md": "content.field-unknown",
      "thieu.md": "content.field-missing",
      "sai-kieu.md": "content.field-invalid",
      "ngay.md": "content.date-invalid",
      "thu-tu.md": "content.date-order",
      "chuyen-muc.md": "content.category-unknown",
      "anh.md": "content.photo-missing",
      "mo-ta.md": "content.photo-description",
      "rong.md": "content.body-empty",
      "lien-ket.md": "content.link-broken",
      "trung-b.md": "content.url-duplicate",
      "dia-chi-cu.md": "content.alias-taken",
    };
    for (const [file, code] of Object.entries(expected)) {
      assert.equal(codeOf(file).exec(result.stderr)?.[2], code, `${file}:\n${result.stderr}`);
      assert.ok(result.stderr.includes(`${hintLine(code as MessageCode)} [${code}]`), code);
    }
    assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
  });

  test("every command given an option it does not know says so in one line with its code, and exits 1", async () => {
    const commands: [script: string, code: string][] = [
      ["scripts/build.ts", "build.usage"],
      ["scripts/check.ts", "check.usage"],
      ["scripts/deploy.ts", "deploy.usage"],
      ["scripts/new-article.ts", "new-article.invalid"],
      ["scripts/import.ts", "import.usage"],
      ["scripts/preview.ts", "preview.usage"],
      ["scripts/start.ts", "start.usage"],
      ["scripts/fetch-comments.ts", "comments-fetch.usage"],
      ["scripts/compare-builds.ts", "compare-builds.usage"],
      ["comments/admin-cli.ts", "comments-admin.usage"],
    ];
    const results = await Promise.all(commands.map(([script]) => runScript(script, ["--khong-co"], {})));
    commands.forEach(([script, code], index) => {
      const { code: exit, stdout, stderr } = results[index]!;
      assert.equal(exit, 1, `${script}: ${stderr}`);
      assert.equal(stdout, "", script);
      assert.match(
        stderr,
        new RegExp(`^[^\\n]*không có tùy chọn --khong-co[^\\n]*\\[${code.replace(".", "\\.")}\\]\\n$`),
        script,
      );
    });
  });
});

test("npm run deploy --only takes new or changed, and says so in one line with its code", async () => {
  const result = await runScript("scripts/deploy.ts", ["/tmp/khong-dung", "--only", "tat-ca"], {});
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /^[^\n]*--only tat-ca: chỉ nhận new \(tệp mới\) hoặc changed \(tệp đã sửa\)[^\n]*\[deploy\.usage\]\n$/,
  );
});

describe("the comments endpoint's mistakes", () => {
  test("wrong settings stop the endpoint with one line: every wrong variable, the hint, the code", async () => {
    const { code, stdout, stderr } = await runScript("comments/main.ts", [], {
      COMMENTS_PORT: "http",
      COMMENTS_RATE_LIMIT: "0",
    });
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.match(
      stderr,
      /^Không khởi động được máy chủ bình luận: COMMENTS_PORT="http" [^\n]*; COMMENTS_RATE_LIMIT="0" [^\n]*\. Cách sửa: [^\n]*\[comments\.config-invalid\]\n$/,
    );
  });

  test("a database that cannot be opened is one line with its code", async () => {
    const { code, stderr } = await runScript("comments/main.ts", [], {
      COMMENTS_DB: "/etc/hostname/comments.sqlite",
    });
    assert.equal(code, 1);
    assert.match(
      stderr,
      /^Không khởi động được máy chủ bình luận: Không mở được cơ sở dữ liệu bình luận: [^\n]*\[comments\.database-unopened\]\n$/,
    );
  });
});

describe("a command line the command cannot take", () => {
  const options = { output: { type: "string" }, quiet: { type: "boolean" } } as const;
  test("an option without its value, a value to a switch and an argument too many are each said with the command's code", () => {
    for (const [args, said] of [
      [["--output"], /^tùy chọn --output cần một giá trị, ví dụ --output <giá trị>$/],
      [["--quiet=1"], /^tùy chọn --quiet không nhận giá trị$/],
      [["thua"], /^lệnh này không nhận thêm "thua"$/],
      [["-x"], /^không có tùy chọn -x \(các tùy chọn hợp lệ: --output, --quiet\)$/],
    ] as const) {
      assert.throws(
        () => parseCommandArgs("build.usage", { args: [...args], options }),
        (error: unknown) => error instanceof UserError && error.code === "build.usage" && said.test(error.message),
        args.join(" "),
      );
    }
  });

  test("npm run compare-builds without --before says so, with its code", async () => {
    const result = await runScript("scripts/compare-builds.ts", [], {});
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^cần --before <commit>\. Cách sửa: .* \[compare-builds\.usage\]\n$/);
  });

  test("npm run comments:fetch without its endpoint or token says which, with its code", async () => {
    const result = await runScript("scripts/fetch-comments.ts", [], { COMMENTS_URL: "", COMMENTS_ADMIN_TOKEN: "" });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^Thiếu COMMENTS_URL hoặc COMMENTS_ADMIN_TOKEN\. Cách sửa: .* \[comments-fetch\.unset\]\n$/,
    );
  });
});

const valid = { title: "Bài", date: "2025-05-04 08:00", category: "Kinh tế", author: "A" };
