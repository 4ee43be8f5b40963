import Router from '@koa/router';
import Koa from 'koa';
import type { Config } from './config.js';
import { accessLog } from './http/access-log.js';
import { apiCors } from './http/cors.js';
import { closeConnectionsWhenDraining } from './http/drain.js';
import { currentUser } from './http/current-user.js';
import { failedRequestReport } from './http/failed-request-report.js';
import { errorHandler, methodNotAllowed } from './http/error-handler.js';
import { jsonBodyParser, requireJson } from './http/json-body.js';
import { drainRefusedBody } from './http/refused-body.js';
import { activitiesRouter } from './http/routes/activities.js';
import { debugRouter } from './http/routes/debug.js';
import { healthRouter } from './http/routes/health.js';
import { messagesRouter } from './http/routes/messages.js';
import { rollbarRouter } from './http/routes/rollbar.js';
import { securityHeaders } from './http/security-headers.js';
import { serverSpan } from './http/server-span.js';
import { serverTiming } from './http/server-timing.js';
import type { AppContext, AppState } from './http/state.js';
import type { ErrorReporter } from './diagnostics/error-reporter.js';
import type { Logger } from './infra/logger.js';
import type { Readiness } from './process/readiness.js';
import { ActivityService } from './services/activities.js';
import type { ServiceContext } from './services/context.js';
import { MessageService } from './services/messages.js';

export interface AppDependencies {
  config: Config;
  readiness: Readiness;
  logger: Logger;
  errorReporter: ErrorReporter;
  services: Omit<ServiceContext, 'logger'>;
}

/** The Koa application; the order of `use` below is the order a request goes through. */
export function createApp(deps: AppDependencies): Koa<AppState> {
  const { config, readiness, logger, errorReporter } = deps;
  const services = { ...deps.services, logger };
  const app = new Koa<AppState>();
  app.proxy = true;
  // One router for every route, so a request is matched once (nested routers are flattened).
  const routes = new Router<AppState>();
  routes.use(healthRouter(readiness).routes());
  routes.use(activitiesRouter(new ActivityService(services)).routes());
  routes.use(messagesRouter(new MessageService(services)).routes());
  // Both create Rollbar items or fail on purpose: never mounted unless asked for.
  if (config.debugRoutes) {
    routes.use(debugRouter().routes());
    routes.use(rollbarRouter(errorReporter).routes());
  }

  if (config.telemetry.enabled) app.use(serverSpan());
  app.use(serverTiming());
  app.use(closeConnectionsWhenDraining(readiness));
  app.use(currentUser(config.demoUser));
  app.use(accessLog(logger, config.telemetry.honeycombUi));
  app.use(errorHandler());
  app.use(securityHeaders());
  app.use(apiCors(config.corsOrigins));
  app.use(drainRefusedBody());
  app.use(requireJson());
  app.use(jsonBodyParser(config.bodyLimit));
  app.use(routes.routes());
  app.use(routes.allowedMethods({ throw: true, notImplemented: methodNotAllowed }));

  // errorHandler() emits every unexpected (5xx) error here, with the request's context.
  app.on('error', (error: Error, ctx?: AppContext) => {
    logger.error('unhandled error', {
      error: error.message,
      stack: error.stack,
      ...(ctx?.state.errorReference ? { error_reference: ctx.state.errorReference } : {}),
    });
    if (ctx)
      errorReporter.requestError(error, failedRequestReport(ctx, config.telemetry.honeycombUi));
  });
  return app;
}
