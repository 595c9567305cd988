// Piscina starts each worker thread here: TypeScript is loaded through tsx, as in the main thread.
// Every task runs with the settings the main thread read (workerData.settings).
import { workerData } from "piscina";
import { register } from "tsx/esm/api";

register();
const { runTask } = await import(workerData.entry);
export default (task) => runTask(task, workerData.settings);
