import { z } from 'zod';
import { RecommendationListSchema } from '@reco/base-tools';
import { RecordIdSchema } from '@reco/data';

/** An anonymous visitor's session: the shop's id for it, 1-128 printable characters, kept as given. */
export const SessionIdSchema = RecordIdSchema.describe("The shop's session id of an anonymous visitor, e.g. 3f2a-9c1e");

/** A session's list: a RecommendationList naming the session instead of a customer. */
export const SessionRecommendationListSchema = RecommendationListSchema.omit({ userId: true }).extend({ sessionId: SessionIdSchema });
export type SessionRecommendationList = z.infer<typeof SessionRecommendationListSchema>;
