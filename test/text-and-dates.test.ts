import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatVietnameseDateTime, parseEditorDate } from "../lib/text/dates.ts";
import { slugify } from "../lib/text/text.ts";
import { foldVietnamese } from "../lib/text/vietnamese.ts";

describe("slugs", () => {
  const cases: [string, string][] = [
    ["Đắk Lắk", "dak-lak"],
    ["ĐẢNG BỘ huyện Điện Biên", "dang-bo-huyen-dien-bien"],
    ["Dự báo thời tiết toàn tỉnh Sơn La ngày 4/5/2025", "du-bao-thoi-tiet-toan-tinh-son-la-ngay-4-5-2025"],
    ["Quốc phòng - An ninh", "quoc-phong-an-ninh"],
    ["Xanh hóa, số hóa ngành logistics", "xanh-hoa-so-hoa-nganh-logistics"],
    ["Nông & lâm nghiệp", "nong-va-lam-nghiep"],
    ["Thủy điện".normalize("NFD"), "thuy-dien"],
  ];
  for (const [input, expected] of cases) {
    test(`"${input}" becomes ${expected}`, () => assert.equal(slugify(input), expected));
  }

  test("folding ignores accents and turns đ into d", () => {
    assert.equal(foldVietnamese("Điện nông thôn ĐẮK LẮK"), "dien nong thon dak lak");
  });
});

describe("editor dates", () => {
  const shown = (text: string) => {
    const parsed = parseEditorDate(text);
    assert.ok(parsed.ok, text);
    return formatVietnameseDateTime(parsed.value);
  };

  test("a date without an offset is Asia/Ho_Chi_Minh local time", () => {
    assert.equal(shown("2026-11-26 08:30"), "Thứ Năm, 26/11/2026 08:30");
    assert.equal(shown("2026-11-26T08:30"), "Thứ Năm, 26/11/2026 08:30");
  });

  test("a date with an offset is converted to local time", () => {
    assert.equal(shown("2026-11-26T01:30:00Z"), "Thứ Năm, 26/11/2026 08:30");
    assert.equal(shown("2026-11-25T20:30:00-05:00"), "Thứ Năm, 26/11/2026 08:30");
  });

  test("a bare date is midnight local time", () => {
    assert.equal(shown("2025-05-04"), "Chủ Nhật, 04/05/2025 00:00");
  });

  test("impossible and malformed dates are refused with a reason", () => {
    for (const text of ["2025-02-29", "2025-13-01 10:00", "2025-05-04 25:00", "4/5/2025", "hôm nay", ""]) {
      const parsed = parseEditorDate(text);
      assert.equal(parsed.ok, false, text);
    }
  });
});
