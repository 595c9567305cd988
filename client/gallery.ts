// A photo story's photos in a viewer: PhotoSwipe, with the keyboard (arrows, Esc), swipes and
// pinch-zoom, opened from the page's own links to each photo's largest rendition. Without
// JavaScript the links open the photo itself.
import PhotoSwipeLightbox from "photoswipe/lightbox";
import "photoswipe/style.css";
import type { UiWords } from "../lib/settings/settings.ts";

declare const TOASOAN_UI: UiWords;
const ui = TOASOAN_UI;

const lightbox = new PhotoSwipeLightbox({
  gallery: "[data-gallery]",
  children: "a.gallery__link",
  pswpModule: () => import("photoswipe"),
  closeTitle: ui.galleryClose,
  zoomTitle: ui.galleryZoom,
  arrowPrevTitle: ui.galleryPrevious,
  arrowNextTitle: ui.galleryNext,
  errorMsg: ui.galleryError,
  indexIndicatorSep: " / ",
});
lightbox.init();
