import type { DependencyContainer } from 'tsyringe';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';

/** Registers the the hybrid agent (@reco/agent): services, tools, tasks, health checks. */
export function registerAgentModule(_container: DependencyContainer, _config: AppConfig, _logger: Logger): void {
  // Filled in by the issue that builds @reco/agent.
}
