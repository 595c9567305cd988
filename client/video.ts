// A hosted video plays only when the reader asks: until the press, the page holds a link to the
// video's page and the newsroom's own poster, and nothing is requested from the host. On the press,
// the privacy-enhanced player (youtube-nocookie, Vimeo with dnt=1) takes the poster's place and
// starts at once. Without JavaScript the link opens the video on its host.

function play(frame: HTMLElement, event: Event): void {
  const embed = frame.dataset.embed;
  if (!embed) return;
  event.preventDefault();
  const url = new URL(embed);
  url.searchParams.set("autoplay", "1");
  const player = document.createElement("iframe");
  player.src = url.href;
  player.title = frame.dataset.title ?? "";
  player.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  player.allowFullscreen = true;
  player.className = "video__iframe";
  frame.replaceChildren(player);
  player.focus();
}

for (const frame of document.querySelectorAll<HTMLElement>("[data-video]"))
  frame.querySelector("a")?.addEventListener("click", (event) => play(frame, event));
