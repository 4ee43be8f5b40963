import type { Repository } from '../domain/repository.js';
import type { Logger } from '../infra/logger.js';

/** What every use case needs from the outside world; tests pass their own clock and ids. */
export interface ServiceContext {
  repository: Repository;
  now: () => Date;
  newId: () => string;
  logger: Logger;
}
