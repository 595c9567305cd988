// Piscina starts each worker thread here: TypeScript is loaded through tsx, as in the main thread.
import { workerData } from "piscina";
import { register } from "tsx/esm/api";

register();
const { runTask } = await import(workerData.entry);
export default runTask;
