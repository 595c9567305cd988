// Starts the CMS at /admin/ once the service worker that serves its CDN files locally controls the
// page (the first visit waits for it to install); where service workers are unavailable (a plain
// http address other than localhost), the CMS starts anyway and fetches them as it would.
import { CMS_FOLDER } from "../lib/outputs/cms-cdn-map.ts";

function startCms(): void {
  const script = document.createElement("script");
  script.src = `${CMS_FOLDER}sveltia-cms.js`;
  document.body.append(script);
}

async function whenControlled(): Promise<void> {
  const { serviceWorker } = navigator;
  await serviceWorker.register(`${CMS_FOLDER}sw.js`, { scope: CMS_FOLDER });
  if (serviceWorker.controller) return;
  await new Promise<void>((resolve) =>
    serviceWorker.addEventListener("controllerchange", () => resolve(), { once: true }),
  );
}

if ("serviceWorker" in navigator) whenControlled().then(startCms, startCms);
else startCms();
