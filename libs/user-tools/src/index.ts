// Public API of @reco/user-tools: customer profiles, purchase history, RFM segments and
// behavioural clusters, and their four tools.
export { USER_TOKENS } from './tokens';
export { CustomerProfileService, type CustomerListQuery, type CustomerPage, type HistoryQuery } from './profile/customer-profile-service';
export { buildCustomerProfile, toToolCustomer, toToolOrder } from './profile/customer-profile';
export { SegmentationService, KMEANS_TASK, SEGMENTATION_TASK, type SegmentationOptions, type SegmentationReport } from './segments/segmentation-service';
export { SegmentStore, type StoredRun } from './segments/segment-store';
export { allAggregatesAtOnce, type AggregatePages } from './segments/aggregate-pages';
export { SEGMENT_RULES, segmentFor, scoreRfm, quintileCuts, type RfmResult, type RfmRow, type SegmentRule } from './segments/rfm-segmenter';
export { FEATURE_NAMES } from './segments/customer-features';
export { createUserTools } from './tools/user-tools';
export { getUserProfileTool, GetUserProfileInput } from './tools/get-user-profile.tool';
export { getPurchaseHistoryTool, GetPurchaseHistoryInput } from './tools/get-purchase-history.tool';
export { getUserSegmentTool, GetUserSegmentInput } from './tools/get-user-segment.tool';
export { getSegmentSummaryTool, GetSegmentSummaryInput } from './tools/get-segment-summary.tool';
