// Lets a worker thread run the TypeScript sources directly (npm run web, tests); the packaged app uses a bundled worker instead.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
