import escapeHtml from "escape-html";

/** The small page a form post gets when it cannot simply be redirected (too large, too fast, unknown article). */
export function messagePage(message: string, backUrl: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Bình luận chưa được gửi</title></head>
<body><main><h1>Bình luận chưa được gửi</h1><p role="alert">${escapeHtml(message)}</p><p><a href="${escapeHtml(backUrl)}">Quay lại bài viết</a></p></main></body></html>`;
}

export interface ConfirmationForm {
  action: string;
  article: string;
  author: string;
  body: string;
  tokenField: string;
  token: string;
  message: string;
  backUrl: string;
}

/**
 * The page a form posted without JavaScript gets when it carried no valid "form shown at" time: the
 * comment as the reader wrote it, to look over and send again (with a fresh token).
 */
export function confirmationPage(form: ConfirmationForm): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Xác nhận gửi bình luận</title></head>
<body><main><h1>Xác nhận gửi bình luận</h1><p role="alert">${escapeHtml(form.message)}</p>
<form method="post" action="${escapeHtml(form.action)}" accept-charset="utf-8">
<input type="hidden" name="article" value="${escapeHtml(form.article)}">
<input type="hidden" name="${escapeHtml(form.tokenField)}" value="${escapeHtml(form.token)}">
<p><label for="author">Tên của bạn</label><br><input id="author" name="author" required value="${escapeHtml(form.author)}"></p>
<p><label for="body">Nội dung bình luận</label><br><textarea id="body" name="body" required rows="6" cols="60">${escapeHtml(form.body)}</textarea></p>
<p><button type="submit">Gửi bình luận</button></p>
</form>
<p><a href="${escapeHtml(form.backUrl)}">Quay lại bài viết</a></p></main></body></html>`;
}
