import { z } from 'zod';

/** Settings of the recommender models, training, and their tools (@reco/recommendation-tools); merged into the app config. */
export const recommendationsConfigShape = {} satisfies z.ZodRawShape;
