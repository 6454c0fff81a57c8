import type { RecommendationList } from '@reco/base-tools';
import type { RecommendArgs } from './recommend-args';
import type { RecommendationService } from './recommendation-service';

/**
 * Recommendations for a stream of customer ids (one a line), in input order; blank lines are
 * skipped and every other id gets a list (unknown or malformed ones the popular list).
 * The `recommend --users` command and the benchmark share this path.
 */
export async function recommendBatch(
  service: RecommendationService,
  lines: AsyncIterable<string>,
  args: RecommendArgs,
  emit: (list: RecommendationList) => void,
): Promise<number> {
  let count = 0;
  for await (const raw of lines) {
    const userId = raw.trim();
    if (!userId) continue;
    emit(await service.recommend(userId, args));
    count++;
  }
  return count;
}
