import type { AnyTool } from '@reco/base-tools';
import type { CustomerProfileService } from '../profile/customer-profile-service';
import type { SegmentationService } from '../segments/segmentation-service';
import { getPurchaseHistoryTool } from './get-purchase-history.tool';
import { getSegmentSummaryTool } from './get-segment-summary.tool';
import { getUserProfileTool } from './get-user-profile.tool';
import { getUserSegmentTool } from './get-user-segment.tool';

/** The four tools of this lib, ready for `ToolRegistry.register(...)`. */
export function createUserTools(services: { profiles: CustomerProfileService; segmentation: SegmentationService }): AnyTool[] {
  return [
    getUserProfileTool(services.profiles),
    getPurchaseHistoryTool(services.profiles),
    getUserSegmentTool(services.profiles, services.segmentation),
    getSegmentSummaryTool(services.segmentation),
  ] as AnyTool[];
}
