import Koa from 'koa';
import helmet from 'koa-helmet';
import type { Config } from './config.js';
import { accessLog } from './http/access-log.js';
import { apiCors } from './http/cors.js';
import { currentUser } from './http/current-user.js';
import { requestErrorReport } from './http/error-report.js';
import { errorHandler, methodNotAllowed } from './http/errors.js';
import { jsonBodyParser, requireJson } from './http/json-body.js';
import { requestTelemetry } from './http/request-telemetry.js';
import { activitiesRouter } from './http/routes/activities.js';
import { debugRouter } from './http/routes/debug.js';
import { healthRouter } from './http/routes/health.js';
import { messagesRouter } from './http/routes/messages.js';
import { rollbarRouter } from './http/routes/rollbar.js';
import { serverTiming } from './http/server-timing.js';
import type { AppContext, AppState } from './http/state.js';
import type { ErrorReporter } from './infra/error-reporter.js';
import type { Logger } from './infra/logger.js';
import type { Lifecycle } from './lifecycle.js';
import { ActivityService } from './services/activities.js';
import type { ServiceContext } from './services/context.js';
import { MessageService } from './services/messages.js';

export interface AppDependencies {
  config: Config;
  lifecycle: Lifecycle;
  logger: Logger;
  errors: ErrorReporter;
  services: Omit<ServiceContext, 'logger'>;
}

/** The Koa application; the order of `use` below is the order a request goes through. */
export function createApp(deps: AppDependencies): Koa<AppState> {
  const { config, lifecycle, logger, errors } = deps;
  const services = { ...deps.services, logger };
  const app = new Koa<AppState>();
  app.proxy = true;
  const routers = [
    healthRouter(lifecycle),
    activitiesRouter(new ActivityService(services)),
    messagesRouter(new MessageService(services)),
    rollbarRouter(errors),
    ...(config.debugRoutes ? [debugRouter()] : []),
  ];

  app.use(serverTiming());
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
    app.use(router.allowedMethods({ throw: true, notImplemented: methodNotAllowed }));
  }

  // errorHandler() emits every unexpected (5xx) error here, with the request's context.
  app.on('error', (error: Error, ctx?: AppContext) => {
    logger.error('unhandled error', {
      error: error.message,
      stack: error.stack,
      ...(ctx?.state.errorReference ? { error_reference: ctx.state.errorReference } : {}),
    });
    if (ctx) errors.requestError(error, requestErrorReport(ctx, config.telemetry.honeycombUi));
  });
  return app;
}
