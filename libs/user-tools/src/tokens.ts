/** Container token of the CustomerProfileService (registered by @reco/runtime's users module). */
export const CUSTOMER_PROFILE_SERVICE = Symbol('CustomerProfileService');

/** Container token of the SegmentationService: call its `recompute()` after an import or training run. */
export const SEGMENTATION_SERVICE = Symbol('SegmentationService');
