import { parseWebConfig } from './config';
import { serveWeb } from './server';

// `npm run web`: the page in development, until Ctrl-C.
serveWeb(parseWebConfig(process.env)).then(
  ({ url }) => process.stdout.write(`Cruddur web client on ${url}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
