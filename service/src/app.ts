import Koa from 'koa';
import helmet from 'koa-helmet';
import type { Config } from './config.js';
import { accessLog } from './http/access-log.js';
import { apiCors } from './http/cors.js';
import { currentUser } from './http/current-user.js';
import { errorHandler } from './http/errors.js';
import { jsonBodyParser, requireJson } from './http/json-body.js';
import { requestTelemetry } from './http/request-telemetry.js';
import { activitiesRouter } from './http/routes/activities.js';
import { healthRouter } from './http/routes/health.js';
import { messagesRouter } from './http/routes/messages.js';
import { rollbarRouter } from './http/routes/rollbar.js';
import type { AppState } from './http/state.js';
import type { Logger } from './infra/logger.js';
import type { Lifecycle } from './lifecycle.js';
import { ActivityService } from './services/activities.js';
import type { ServiceContext } from './services/context.js';
import { MessageService } from './services/messages.js';

export interface AppDependencies {
  config: Config;
  lifecycle: Lifecycle;
  logger: Logger;
  services: ServiceContext;
}

/** The Koa application; the order of `use` below is the order a request goes through. */
export function createApp({ config, lifecycle, logger, services }: AppDependencies): Koa<AppState> {
  const app = new Koa<AppState>();
  app.proxy = true;
  const routers = [
    healthRouter(lifecycle),
    activitiesRouter(new ActivityService(services)),
    messagesRouter(new MessageService(services)),
    rollbarRouter(),
  ];

  app.use(requestTelemetry());
  app.use(
    currentUser({ handle: config.demoUser.handle, display_name: config.demoUser.displayName }),
  );
  app.use(accessLog(logger, config.telemetry.honeycombUi));
  app.use(errorHandler());
  app.use(helmet());
  app.use(apiCors(config.corsOrigins));
  app.use(requireJson());
  app.use(jsonBodyParser(config.bodyLimit));
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods({ throw: true }));
  }
  return app;
}
