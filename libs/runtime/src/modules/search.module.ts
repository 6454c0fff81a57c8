import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';

/** Registers the product search index and tools (@reco/search-tools): services, tools, tasks, health checks. */
export function registerSearchModule(_container: DependencyContainer, _config: AppConfig, _logger: Logger): void {
  // Filled in by the issue that builds @reco/search-tools.
}
