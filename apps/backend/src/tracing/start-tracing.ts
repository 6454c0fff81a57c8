import { startTracing } from './tracing';

/** The backend's tracing, started as this module loads (main.ts imports it before anything else). */
export const tracing = startTracing('reco-backend');
