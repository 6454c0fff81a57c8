import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { ToolRegistry } from '@reco/base-tools';
import type { HealthCheck } from '@reco/runtime';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { requestIdFor } from './http/request-context';
import { healthRoutes } from './routes/health.routes';
import { toolsRoutes } from './routes/tools.routes';

export interface AppDeps {
  logger: Logger;
  registry: ToolRegistry;
  healthChecks: readonly HealthCheck[];
  isAcceptingTraffic?: () => boolean;
  bodyLimit?: string;
}

/** The HTTP layer: routes parse, call a lib, answer. Everything it needs comes in `deps`. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: requestIdFor,
      autoLogging: { ignore: (req) => req.url?.startsWith('/health/') ?? false },
    }),
  );
  app.use(express.json({ limit: deps.bodyLimit ?? '1mb' }));

  app.use(healthRoutes({ healthChecks: deps.healthChecks, isAcceptingTraffic: deps.isAcceptingTraffic ?? (() => true) }));
  app.use(toolsRoutes(deps.registry));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
