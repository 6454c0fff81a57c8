import type { InjectionToken } from 'tsyringe';
import type { CustomerProfileService } from './profile/customer-profile-service';
import type { SegmentationService } from './segments/segmentation-service';

/** Container tokens of @reco/user-tools (registered by @reco/runtime's users module). */
export const USER_TOKENS = {
  /** Profiles, purchase histories and the customer list. */
  CustomerProfiles: Symbol('CustomerProfileService') as InjectionToken<CustomerProfileService>,
  /** Call its `recompute()` after an import or training run. */
  Segmentation: Symbol('SegmentationService') as InjectionToken<SegmentationService>,
} as const;
