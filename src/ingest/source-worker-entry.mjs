// Worker threads do not inherit the parent's TypeScript loader: register it, then load the worker body.
import { fileURLToPath } from "node:url";
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../../tsconfig.json", import.meta.url)) });
await import(workerData.module);
