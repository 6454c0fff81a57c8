import { z } from 'zod';

/** Settings of the the hybrid agent (@reco/agent); merged into the app config. */
export const agentConfigShape = {} satisfies z.ZodRawShape;
