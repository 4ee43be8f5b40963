import winston from 'winston';

const stampTime = winston.format((info) => {
  info.time = new Date().toISOString();
  return info;
});

export type Logger = winston.Logger;

export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  service: string;
}

/** JSON lines on stdout (or a readable format for local work). */
export function createLogger(options: LoggerOptions): Logger {
  const format =
    options.format === 'pretty'
      ? winston.format.combine(
          winston.format.timestamp(),
          winston.format.colorize(),
          winston.format.simple(),
        )
      : winston.format.combine(stampTime(), winston.format.json());
  return winston.createLogger({
    level: options.level,
    defaultMeta: { service: options.service },
    format,
    // winston types its transports as interfaces, which this lint rule cannot follow.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    transports: [new winston.transports.Console()],
  });
}
