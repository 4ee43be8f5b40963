import winston from 'winston';
import { createCloudWatchTransport } from '../../service/src/infra/cloudwatch';
import { DependencyFailures } from '../../service/src/diagnostics/dependency-failures';
import { CloudWatchLogsApi } from '../support/cloudwatch-api';

describe('the CloudWatch upload queue', () => {
  let api: CloudWatchLogsApi;
  const saved = { ...process.env };

  beforeAll(async () => {
    api = await CloudWatchLogsApi.start();
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: api.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'example',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
  });

  afterAll(async () => {
    process.env = saved;
    await api.server.stop();
  });

  it('keeps the newest events when it overflows, says how many it dropped, and flushes them', async () => {
    const lines: string[] = [];
    const problems = new DependencyFailures((line) => lines.push(line));
    const cloudWatch = createCloudWatchTransport(
      {
        logGroup: 'cruddur',
        logStream: 'queue-test',
        region: 'us-east-1',
        retentionDays: undefined,
        uploadIntervalMs: 600_000,
        maxQueue: 5,
      },
      problems,
    );
    const logger = winston.createLogger({
      format: winston.format.json(),
      // winston types its transports as interfaces, which this lint rule cannot follow.
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
      transports: [cloudWatch.transport],
    });
    for (let i = 0; i < 20; i += 1) logger.info(`line ${i}`);
    await new Promise((resolve) => setImmediate(resolve));

    await cloudWatch.flush(3_000);
    const shipped = api.events('cruddur', 'queue-test').map((event) => event.message);
    expect(shipped).toEqual(['line 15', 'line 16', 'line 17', 'line 18', 'line 19']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('queue full (5 events); dropped the oldest');
    logger.close();
  });
});
