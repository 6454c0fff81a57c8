import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';

/** Registers the customer profiles, segments and their tools (@reco/user-tools): services, tools, tasks, health checks. */
export function registerUsersModule(_container: DependencyContainer, _config: AppConfig, _logger: Logger): void {
  // Filled in by the issue that builds @reco/user-tools.
}
