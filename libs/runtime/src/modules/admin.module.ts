import type { DependencyContainer } from 'tsyringe';
import { RECOMMENDATION_TOKENS } from '@reco/recommendation-tools';
import { createAdminTools } from '../admin-tools/admin-tools';
import { RUNTIME_TOKENS } from '../tokens';

/**
 * Registers the admin's long work as tools (import_data, train_model): each submits a job to the
 * deployment's queue and follows it. What they need is read when a call comes, so the module may
 * be registered before the queue and never decides at start-up whether this server can train.
 */
export function registerAdminModule(container: DependencyContainer): void {
  const tools = createAdminTools({
    jobs: () => container.resolve(RUNTIME_TOKENS.JobQueue),
    objectStore: () => (container.isRegistered(RUNTIME_TOKENS.ObjectStore, true) ? container.resolve(RUNTIME_TOKENS.ObjectStore) : undefined),
    canTrain: () => container.isRegistered(RECOMMENDATION_TOKENS.Trainer, true),
  });
  container.resolve(RUNTIME_TOKENS.ToolRegistry).register(...tools);
}
