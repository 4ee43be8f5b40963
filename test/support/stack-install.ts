import path from 'node:path';
import { stringify } from 'yaml';
import { helm, hostAddress, kubectl, pushImages } from './cluster';
import { chartDir } from './helm';
import { OtlpReceiver } from './otlp-receiver';
import { XRayApi } from './xray-api';
import { tempFile } from './temp';

export const NAMESPACE = 'cruddur-e2e';
export const RELEASE = 'cruddur-e2e';
/** A fake key: the test checks that the Collector sends what the Secret holds. */
export const HONEYCOMB_KEY = 'hcaik_e2e_not_a_real_key';

export interface InstalledStack {
  honeycomb: OtlpReceiver;
  xray: XRayApi;
  uninstall(): Promise<void>;
}

// Dummy credentials: the Collector and the daemon only sign requests to the stand-in.
const fakeAws = [
  { name: 'AWS_ACCESS_KEY_ID', value: 'AKIDEXAMPLEE2E' },
  { name: 'AWS_SECRET_ACCESS_KEY', value: 'not-a-real-secret' },
  { name: 'AWS_EC2_METADATA_DISABLED', value: 'true' },
];

/** The kind values plus what makes the stack send to stand-ins on the cluster's bridge. */
function overrides(host: string, honeycomb: OtlpReceiver, xray: XRayApi, apiEnv: object[]) {
  return stringify({
    api: { logFormat: 'json', writableRootFilesystem: false, extraEnv: apiEnv },
    aws: { region: 'us-east-1' },
    secrets: { create: true, honeycombApiKey: HONEYCOMB_KEY },
    xrayDaemon: {
      enabled: true,
      localMode: true,
      config: { Endpoint: xray.endpoint },
      extraEnv: fakeAws,
    },
    collector: {
      extraEnv: fakeAws,
      exporters: {
        honeycomb: { enabled: true, endpoint: `${host}:${honeycomb.grpcPort}`, insecure: true },
        awsxray: { enabled: true, endpoint: xray.endpoint },
        debug: { enabled: false },
      },
    },
  });
}

/**
 * Installs the chart as a user of the kind path would (values-kind.yaml), with the images
 * built here and the Honeycomb and X-Ray API stand-ins listening where pods reach this machine.
 */
export async function installStack(
  rules: XRayApi['rules'],
  apiEnv: object[] = [],
): Promise<InstalledStack> {
  const host = hostAddress();
  const honeycomb = await OtlpReceiver.start(0, host);
  const xray = await XRayApi.start(host);
  xray.rules = rules;
  const images = pushImages();
  const values = tempFile('e2e-values.yaml', overrides(host, honeycomb, xray, apiEnv));
  helm(
    'upgrade',
    '--install',
    RELEASE,
    chartDir,
    '--namespace',
    NAMESPACE,
    '--create-namespace',
    '-f',
    path.join(chartDir, 'values-kind.yaml'),
    '-f',
    values,
    ...images,
    '--wait',
    '--timeout',
    '5m',
  );
  return {
    honeycomb,
    xray,
    uninstall: async () => {
      helm('uninstall', RELEASE, '--namespace', NAMESPACE, '--wait');
      kubectl('delete', 'namespace', NAMESPACE, '--wait=true');
      await honeycomb.stop();
      await xray.stop();
    },
  };
}
