export { createRecoClient, orThrow, RecoApiError } from './reco-client';
export type { RecoClient, RecoClientOptions, RecoErrorBody } from './reco-client';
export type { components, operations, paths } from './generated/reco-api';
