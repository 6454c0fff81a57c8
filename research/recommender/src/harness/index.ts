// The experiments' shared harness: the training file, evaluation splits in memory, the shipped
// blend's parts and the arithmetic they all repeat.
export { readOnlineRetail, type RetailRow } from './online-retail-csv';
export { isSaleLine, loadPurchases, purchasesOf } from './purchases';
export { buildSplitContext, splitDays, type ProductHistory, type SplitContext } from './split-context';
export { evaluateScorer, formatResult, type Scorer } from './evaluate-scorer';
export { maxOf, solveLinearSystem } from './numeric';
// The model's own half-life weight, so a replica decays exactly as the model does.
export { decay } from '@reco/recommendation-tools/model';
export { rawShareLift, recentBuyers, seasonLift, seasonLiftOver } from './popularity';
export { blendComponents, itemItemScores } from './blend-components';
