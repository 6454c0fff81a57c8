import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';

/** Registers the recommender models, training, and their tools (@reco/recommendation-tools): services, tools, tasks, health checks. */
export function registerRecommendationsModule(_container: DependencyContainer, _config: AppConfig, _logger: Logger): void {
  // Filled in by the issue that builds @reco/recommendation-tools.
}
