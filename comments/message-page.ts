export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The small page a form post gets when it cannot simply be redirected (too large, too fast, unknown article). */
export function messagePage(message: string, backUrl: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Bình luận chưa được gửi</title></head>
<body><main><h1>Bình luận chưa được gửi</h1><p role="alert">${escapeHtml(message)}</p><p><a href="${escapeHtml(backUrl)}">Quay lại bài viết</a></p></main></body></html>`;
}
