import type { RecommendationList } from '@reco/base-tools';
import type { PlacementService } from '../placements/placement-service';
import type { RecommendArgs } from './recommend-args';

/**
 * Recommendations for a stream of customer ids (one a line), in input order; blank lines are
 * skipped and every other id gets a list (unknown or malformed ones the popular list). Each list
 * is the plain route's (PlacementService.recommendForCustomer), so the shop's global rules apply
 * to an export as to its pages; an export is not an exposure, so no experiment arm is assigned
 * (`outsideExperiments`). The `recommend --users` command and the benchmark share this path.
 */
export async function recommendBatch(
  placements: Pick<PlacementService, 'recommendForCustomer'>,
  lines: AsyncIterable<string>,
  args: RecommendArgs,
  emit: (list: RecommendationList) => void,
): Promise<number> {
  let count = 0;
  for await (const raw of lines) {
    const userId = raw.trim();
    if (!userId) continue;
    emit(await placements.recommendForCustomer(userId, args, { outsideExperiments: true }));
    count++;
  }
  return count;
}
