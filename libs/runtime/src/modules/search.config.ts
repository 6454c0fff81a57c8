import { z } from 'zod';

/** Settings of the product search index and tools (@reco/search-tools); merged into the app config. */
export const searchConfigShape = {} satisfies z.ZodRawShape;
