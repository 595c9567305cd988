import { fileURLToPath } from "node:url";

/** The templates of the pages a reader's form post may get (copied beside the compiled code in the package). */
export const READER_VIEWS = fileURLToPath(new URL("./views/", import.meta.url));
