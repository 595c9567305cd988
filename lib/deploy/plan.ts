import type { OutputFile } from "../build/output-ledger.ts";
import { roleOf } from "./file-roles.ts";
import type { RemoteFile } from "./target.ts";

/** What a deploy believes the destination holds. */
export interface RemoteState {
  files: ReadonlyMap<string, RemoteFile>;
  /** Files an interrupted deploy may have changed: present or not, in either version. */
  uncertain: ReadonlySet<string>;
  /** No record: the sizes come from a listing, and the host compares the bytes of each file sent. */
  compare: boolean;
}

export interface DeployStep {
  /** What the step sends, as the deploy's progress names it. */
  name: "trang, ảnh, tìm kiếm mới" | "bài, ảnh, tìm kiếm đã sửa" | "danh sách, nguồn tin, trang chủ";
  files: string[];
}

/**
 * The order keeps every link of the destination to a page that is there, at every step:
 * 1. every new file at once, pages of any kind: no page there yet links to one, and new pages
 *    link to each other (a new author's page and the author's new articles), so they go up in one
 *    step, which rsync makes appear together (--delay-updates);
 * 2. changed articles, photos and search files, the notices that replace deleted articles among them;
 * 3. changed lists, feeds and the home page, which now link to what 1 and 2 put there;
 * 4. deletions: no page links to a deleted file any more. An address that held an article is never
 *    deleted: the build leaves a notice there (build/published-addresses.ts), because pages it did
 *    not rewrite may still list the article in their Tin mới sidebar.
 */
export interface DeployPlan {
  steps: DeployStep[];
  /** Files withdrawn, deleted last. */
  deletions: string[];
  /** Folders left without any file of the site, deleted after the files. */
  folders: string[];
  unchanged: number;
}

const sameFile = (local: OutputFile, remote: RemoteFile | undefined) =>
  remote !== undefined && remote.size === local.size && remote.md5 === local.md5;

/** Every folder that holds these files, at any depth. */
export function foldersOf(files: Iterable<string>): Set<string> {
  const folders = new Set<string>();
  for (const file of files)
    for (let at = file.lastIndexOf("/"); at > 0; at = file.lastIndexOf("/", at - 1)) folders.add(file.slice(0, at));
  return folders;
}

export function planDeploy(site: ReadonlyMap<string, OutputFile>, remote: RemoteState): DeployPlan {
  const fresh: string[] = [];
  const changed: string[] = [];
  const lists: string[] = [];
  let unchanged = 0;
  for (const [file, entry] of site) {
    const there = remote.files.get(file);
    const known = !remote.uncertain.has(file);
    // Without a hash from the host, a listed file of the same size is sent for the host to compare.
    if (known && sameFile(entry, there)) {
      unchanged++;
      continue;
    }
    if (there === undefined && known) fresh.push(file);
    else if (roleOf(file) === "lists") lists.push(file);
    else changed.push(file);
  }
  const deletions = [...new Set([...remote.files.keys(), ...remote.uncertain])].filter((file) => !site.has(file));
  const kept = foldersOf(site.keys());
  const folders = [...foldersOf(deletions)]
    .filter((folder) => !kept.has(folder))
    .sort()
    .reverse();
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    steps: [
      { name: "trang, ảnh, tìm kiếm mới" as const, files: fresh.sort(byName) },
      { name: "bài, ảnh, tìm kiếm đã sửa" as const, files: changed.sort(byName) },
      { name: "danh sách, nguồn tin, trang chủ" as const, files: lists.sort(byName) },
    ].filter((step) => step.files.length > 0),
    deletions: deletions.sort(byName),
    folders,
    unchanged,
  };
}

export const uploadsOf = (plan: DeployPlan): string[] => plan.steps.flatMap((step) => step.files);
