import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, test } from "node:test";
import { articleFile, buildFixture, checkFixture } from "./helpers/fixture-site.ts";

const valid = { title: "Tin hợp lệ", date: "2025-05-04 08:00", category: "Kinh tế", author: "Thanh Huyền" };

async function problemsOf(articles: Record<string, string>, media?: Record<string, string>): Promise<string> {
  const result = await checkFixture(articles, { media });
  assert.equal(result.code, 1, `check should fail:\n${result.stdout}${result.stderr}`);
  return result.stderr;
}

describe("content validation names the file, the field and the fix", () => {
  test("a missing required field", async () => {
    const { title: _omitted, ...withoutTitle } = valid;
    const out = await problemsOf({ "a.md": articleFile(withoutTitle) });
    assert.match(out, /a\.md:title: thiếu trường bắt buộc — thêm dòng `title: .+`/);
  });

  test("a date that does not exist", async () => {
    const out = await problemsOf({ "a.md": articleFile({ ...valid, date: "2025-02-30 08:00" }) });
    assert.match(out, /a\.md:date: "2025-02-30 08:00" không phải ngày giờ có thật/);
  });

  test("a date in a non-ISO format", async () => {
    const out = await problemsOf({ "a.md": articleFile({ ...valid, date: "04/05/2025" }) });
    assert.match(
      out,
      /a\.md:date: "04\/05\/2025" không đúng định dạng ngày giờ ISO 8601 — viết dạng `date: 2017-12-05 08:30`/,
    );
  });

  test("an unquoted YAML date is read as the editor wrote it, not as UTC", async () => {
    const result = await checkFixture({ "a.md": articleFile({ ...valid, date: "@raw:2025-05-04 23:30:00" }) });
    assert.equal(result.code, 0, result.stderr);
  });

  test("an unknown category suggests the closest one", async () => {
    const out = await problemsOf({ "a.md": articleFile({ ...valid, category: "Kinh te" }) });
    assert.match(
      out,
      /a\.md:category: chuyên mục "Kinh te" không có trong _data\/categories\.json — có phải ý bạn là "Kinh tế"\?/,
    );
  });

  test("a category far from every name lists the valid ones", async () => {
    const out = await problemsOf({ "a.md": articleFile({ ...valid, category: "Ẩm thực" }) });
    assert.match(
      out,
      /a\.md:category: chuyên mục "Ẩm thực" không có .* dùng một trong: "Thời sự - Chính trị", "Kinh tế"/,
    );
  });

  test("an unknown field is an error that suggests the field meant", async () => {
    const out = await problemsOf({ "a.md": articleFile({ ...valid, sumary: "Tóm tắt" }) });
    assert.match(out, /a\.md:sumary: trường không có trong mẫu bài viết — có phải ý bạn là `summary`\?/);
  });

  test("a field of the wrong type", async () => {
    const out = await problemsOf({ "a.md": articleFile({ ...valid, draft: "có", tags: "kinh tế" }) });
    assert.match(out, /a\.md:draft: phải là true hoặc false, không phải "có"/);
    assert.match(
      out,
      /a\.md:tags: phải là một danh sách, không phải "kinh tế" — ví dụ `tags: \[cải cách hành chính, Sơn La\]`/,
    );
  });

  test("invisible control characters, an update before publication and a caption without an image", async () => {
    const out = await problemsOf({
      "a.md": articleFile({ ...valid, title: "Tin\u0007 lạ" }),
      "b.md": articleFile({ ...valid, title: "Bài B", updated: "2025-05-03 08:00" }),
      "c.md": articleFile({ ...valid, title: "Bài C", caption: "Chú thích" }),
    });
    assert.match(out, /a\.md:title: chứa ký tự điều khiển vô hình — xóa ký tự đó/);
    assert.match(out, /b\.md:updated: sớm hơn ngày đăng \(date\)/);
    assert.match(out, /c\.md:caption: có mô tả ảnh nhưng không có ảnh — thêm trường `image` hoặc xóa dòng này/);
  });

  test("a title or author without letters or digits, and a malformed slug", async () => {
    const out = await problemsOf({
      "a.md": articleFile({ ...valid, title: "!!! ???" }),
      "b.md": articleFile({ ...valid, title: "Bài B", author: "***" }),
      "c.md": articleFile({ ...valid, title: "Bài C", slug: "Bài C" }),
    });
    assert.match(out, /a\.md:slug: không tạo được đường dẫn từ tiêu đề — thêm trường `slug`/);
    assert.match(out, /b\.md:author: tên tác giả cần có ít nhất một chữ cái hoặc chữ số/);
    assert.match(out, /c\.md:slug: chỉ gồm chữ thường không dấu, số và dấu gạch nối/);
  });

  test("two articles with the same URL name both files", async () => {
    const out = await problemsOf({
      "2025/05/one.md": articleFile(valid),
      "2025/05/two.md": articleFile({ ...valid, date: "2025-05-04 17:00" }),
    });
    assert.match(
      out,
      /2025\/05\/two\.md:slug: trùng đường dẫn \/2025\/05\/04\/tin-hop-le\/ với .*2025\/05\/one\.md — đặt `slug` khác/,
    );
  });

  test("an image that is not in the media folder, and an image without a description", async () => {
    const out = await problemsOf(
      {
        "a.md": articleFile({ ...valid, image: "/media/khong-co.jpg", caption: "Ảnh" }),
        "b.md": articleFile({ ...valid, title: "Tin khác", image: "/media/co.jpg" }),
      },
      { "co.jpg": "jpeg" },
    );
    assert.match(
      out,
      /a\.md:image: không tìm thấy tệp ảnh "\/media\/khong-co\.jpg" trong thư mục ảnh — kiểm tra tên tệp/,
    );
    assert.match(out, /b\.md:image_alt: ảnh cần lời mô tả cho người đọc dùng trình đọc màn hình/);
  });

  test("an image path must name a file inside the media folder: no '..', no folder, no other site path", async () => {
    const out = await problemsOf(
      {
        "up.md": articleFile({ ...valid, title: "Một", image: "/media/../../etc/passwd", caption: "Ảnh" }),
        "encoded.md": articleFile({ ...valid, title: "Hai", image: "/media/%2e%2e/%2e%2e/etc/hosts", caption: "Ảnh" }),
        "folder.md": articleFile({ ...valid, title: "Ba", image: "/media/2025", caption: "Ảnh" }),
        "assets.md": articleFile({ ...valid, title: "Bốn", image: "/assets/site.css", caption: "Ảnh" }),
      },
      { "2025/anh.jpg": "jpeg" },
    );
    assert.match(out, /up\.md:image: đường dẫn ảnh "\/media\/\.\.\/\.\.\/etc\/passwd" đi ra ngoài thư mục ảnh/);
    assert.match(out, /encoded\.md:image: đường dẫn ảnh "\/media\/%2e%2e\/%2e%2e\/etc\/hosts" đi ra ngoài thư mục ảnh/);
    assert.match(out, /folder\.md:image: "\/media\/2025" là một thư mục, không phải tệp ảnh/);
    assert.match(out, /assets\.md:image: ảnh "\/assets\/site\.css" phải nằm trong \/media\//);
  });

  test("images in the body are checked too, each named with the file", async () => {
    const out = await problemsOf(
      {
        "ok.md": articleFile(
          { ...valid, title: "Một" },
          "Ảnh có thật: ![Ảnh](/media/co.jpg) và ![Ảnh ngoài](https://example.vn/a.jpg)",
        ),
        "missing.md": articleFile({ ...valid, title: "Hai" }, "![Ảnh](/media/khong-co.jpg)"),
        "relative.md": articleFile({ ...valid, title: "Ba" }, "![Ảnh](anh.jpg)"),
        "escape.md": articleFile({ ...valid, title: "Bốn" }, "![Ảnh](/media/../../secret.jpg)"),
        "draft.md": articleFile({ ...valid, title: "Năm", draft: true }, "![Ảnh](/media/chua-co.jpg)"),
      },
      { "co.jpg": "jpeg" },
    );
    assert.doesNotMatch(out, /ok\.md/);
    assert.match(out, /missing\.md:nội dung: không tìm thấy tệp ảnh "\/media\/khong-co\.jpg"/);
    assert.match(out, /relative\.md:nội dung: ảnh "anh\.jpg" trong nội dung dùng đường dẫn tương đối/);
    assert.match(out, /escape\.md:nội dung: đường dẫn ảnh "\/media\/\.\.\/\.\.\/secret\.jpg" đi ra ngoài thư mục ảnh/);
    assert.match(out, /draft\.md:nội dung: không tìm thấy tệp ảnh "\/media\/chua-co\.jpg"/, "drafts too");
  });

  test("broken YAML, a file without front matter and an empty body", async () => {
    const out = await problemsOf({
      "yaml.md": '---\ntitle: "chưa đóng ngoặc\n---\nNội dung\n',
      "plain.md": "Chỉ có nội dung.\n",
      "empty.md": articleFile(valid, ""),
    });
    assert.match(
      out,
      /yaml\.md: phần đầu \(front matter\) không đọc được: .* — kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép/,
    );
    assert.match(out, /plain\.md: thiếu phần đầu \(front matter\)/);
    assert.match(out, /empty\.md: bài viết chưa có nội dung/);
  });

  test("drafts are validated too, so they do not break the build on the day they are published", async () => {
    const out = await problemsOf({ "a.md": articleFile({ ...valid, category: "Kinh tê", draft: true }) });
    assert.match(out, /a\.md:category: .*"Kinh tế"/);
  });

  test("every invalid article is reported at once, and the build fails without writing anything", async () => {
    const articles = {
      "a.md": articleFile({ ...valid, category: "Kinh te" }),
      "b.md": articleFile({ ...valid, title: "Bài B", date: "hôm qua" }),
      "c.md": articleFile({ ...valid, title: "Bài C" }),
    };
    const { site, result } = await buildFixture(articles);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^2 lỗi trong nội dung, chưa xuất bản gì:/);
    assert.match(result.stderr, /a\.md:category:/);
    assert.match(result.stderr, /b\.md:date:/);
    assert.doesNotMatch(result.stderr, /\bat \w+ \(/, "no stack trace for an editor's mistake");
    assert.ok(!existsSync(site.outDir), "nothing half-published");
  });

  test("npm run check reports the same problems as the build and passes valid content", async () => {
    const out = await problemsOf({
      "a.md": articleFile({ ...valid, category: "Kinh te" }),
      "b.md": articleFile({ ...valid, title: "Bài B", date: "hôm qua" }),
    });
    assert.match(out, /^2 lỗi trong nội dung:/);
    const ok = await checkFixture({
      "a.md": articleFile(valid),
      "d.md": articleFile({ ...valid, title: "Nháp", draft: true }),
    });
    assert.equal(ok.code, 0);
    assert.match(ok.stdout, /Nội dung hợp lệ: 1 bài sẽ xuất bản, 1 bản nháp\./);
  });
});
