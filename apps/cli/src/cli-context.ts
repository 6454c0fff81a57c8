import type { DependencyContainer } from 'tsyringe';
import { type AppConfig, createContainer, createLogger, disposeContainer, loadConfig } from '@reco/runtime';

/**
 * What commands share: the config and container, built on first use so that `--help` and
 * usage errors work without a valid environment. Logs go to stderr; stdout carries results.
 */
export class CliContext {
  private cachedConfig?: AppConfig;
  private cachedContainer?: DependencyContainer;

  constructor(private readonly env: Record<string, string | undefined> = process.env) {}

  get config(): AppConfig {
    this.cachedConfig ??= loadConfig({ LOG_LEVEL: 'warn', ...this.env });
    return this.cachedConfig;
  }

  get container(): DependencyContainer {
    if (!this.cachedContainer) {
      const logger = createLogger(this.config, 'reco-cli');
      this.cachedContainer = createContainer(this.config, { logger: logger.child({}, { level: this.config.LOG_LEVEL }) });
    }
    return this.cachedContainer;
  }

  /** Writes one result line to stdout. */
  print(line: string): void {
    process.stdout.write(`${line}\n`);
  }

  /** Writes result text to stdout as it is (CSV rows end their own lines). */
  write(text: string): void {
    process.stdout.write(text);
  }

  async close(): Promise<void> {
    if (this.cachedContainer) await disposeContainer(this.cachedContainer);
  }
}
