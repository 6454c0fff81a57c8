import { startTracing } from './tracing';

/** The worker's tracing, started as this module loads (main.ts imports it before anything else). */
export const tracing = startTracing('reco-worker');
