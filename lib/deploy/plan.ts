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
  name: "bài, ảnh, tìm kiếm mới" | "bài, ảnh, tìm kiếm đã sửa" | "danh sách, nguồn tin, trang chủ";
  files: string[];
}

export interface DeployPlan {
  /** In order: new pages, photos and search files; then changed ones; then what links to them. */
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
    if (roleOf(file) === "lists") lists.push(file);
    else if (there === undefined && known) fresh.push(file);
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
      { name: "bài, ảnh, tìm kiếm mới" as const, files: fresh.sort(byName) },
      { name: "bài, ảnh, tìm kiếm đã sửa" as const, files: changed.sort(byName) },
      { name: "danh sách, nguồn tin, trang chủ" as const, files: lists.sort(byName) },
    ].filter((step) => step.files.length > 0),
    deletions: deletions.sort(byName),
    folders,
    unchanged,
  };
}

export const uploadsOf = (plan: DeployPlan): string[] => plan.steps.flatMap((step) => step.files);
