/** A file as a destination lists it when it has no record: its size, and its MD5 where the host keeps one (S3's ETag). */
export interface RemoteFile {
  size: number;
  md5?: string;
}

/** What the first contact tells of a destination. */
export interface Contact {
  exists: boolean;
  /** No file at all (a new folder, an empty prefix). */
  empty: boolean;
  /** Holds the marker toasoan leaves in every site it builds (a site copied there by hand before). */
  hasMarker: boolean;
}

export interface UploadOptions {
  /** No record to trust: let the host compare each file's bytes and send only those that differ. */
  compare: boolean;
}

/**
 * One kind of destination (a folder or a server through rsync, S3-compatible storage). Every method
 * throws a DeployError naming the destination when the host cannot be reached or refuses.
 */
export interface DeployTarget {
  readonly label: string;
  open(create: boolean): Promise<Contact>;
  /** Files of the record folder (`.toasoan-deploy/…`) by name; those that do not exist are left out. */
  readRecordFiles(names: readonly string[]): Promise<Map<string, Buffer>>;
  writeRecordFiles(files: ReadonlyMap<string, Buffer>): Promise<void>;
  deleteRecordFiles(names: readonly string[]): Promise<void>;
  /** Names of the record folder's part files (`parts/<hash>.json.gz`). */
  listRecordParts(): Promise<string[]>;
  /** Every site file the destination holds, for a destination without a record. */
  inventory(): Promise<Map<string, RemoteFile>>;
  /** Uploads site files (relative to `siteDir`); returns the bytes sent over the wire. */
  upload(siteDir: string, files: readonly string[], options: UploadOptions): Promise<number>;
  /** Deletes site files, then the folders (deepest first) left without any file of the site. */
  remove(files: readonly string[], folders: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
