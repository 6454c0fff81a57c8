import { z } from 'zod';

/** Settings of the customer profiles, segments and their tools (@reco/user-tools); merged into the app config. */
export const usersConfigShape = {} satisfies z.ZodRawShape;
