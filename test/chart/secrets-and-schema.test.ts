import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RETENTION_DAYS } from '../../service/src/config';
import { describeWith, missingTools, toolPath } from '../support/prerequisites';
import {
  chartDir,
  KUBERNETES_VERSION,
  renderWithNotes,
  runHelm,
  valuesFiles,
} from '../support/helm';

const honeycombKey = 'hcaik_chart_secret_5f2d9e7a41c3';
const rollbarToken = 'rollbar_chart_token_8b1e6c0d93a2';

describeWith(missingTools('helm'), 'the chart keeps secrets and values in check', () => {
  const helm = toolPath('helm') ?? 'helm';

  it.each(valuesFiles)(
    'with %s, secret values appear only inside the Secret (NOTES included)',
    (valuesFile) => {
      const output = renderWithNotes({
        valuesFile,
        set: {
          'secrets.honeycombApiKey': honeycombKey,
          'secrets.rollbarAccessToken': rollbarToken,
        },
      });
      const documents = output.split(/^---$/m);
      const secretDocs = documents.filter((doc) => /^kind: Secret$/m.test(doc));
      expect(secretDocs).toHaveLength(1);
      const encoded = [honeycombKey, rollbarToken].map((value) =>
        Buffer.from(value).toString('base64'),
      );
      for (const doc of documents.filter((d) => !secretDocs.includes(d))) {
        for (const needle of [honeycombKey, rollbarToken, ...encoded])
          expect(doc).not.toContain(needle);
      }
      expect(secretDocs[0]).toContain(encoded[0]);
      expect(output).toContain('# Source: cruddur/templates/notes.yaml');
      expect(output).toContain('kubectl -n cruddur port-forward svc/rel-cruddur 4567:80');
    },
  );

  it.each([
    ['api.port=0', /api\.port|port/],
    ['api.logFormat=xml', /logFormat/],
    ['api.frontendUrl=not-a-url', /frontendUrl/],
    ['replicaCount=-1', /replicaCount/],
    ['collector.resources.limits.memory=1G', /memory/],
    ['collector.memoryLimiter.limitPercentage=150', /limitPercentage/],
    ['collector.resourceDetection.detectors={bogus}', /detectors/],
    ['collector.exporters.honeycomb.endpoint=https://api.honeycomb.io', /endpoint/],
    ['containerSecurityContext.readOnlyRootFilesystem=false', /readOnlyRootFilesystem/],
    ['containerSecurityContext.allowPrivilegeEscalation=true', /allowPrivilegeEscalation/],
    ['xrayDaemon.image.pullPolicy=Sometimes', /pullPolicy/],
    ['aws.region=Mars', /region/],
    ['api.cloudwatch.retentionDays=31', /retentionDays/],
    ['api.shutdownGraceSeconds=301', /shutdownGraceSeconds/],
    ['api.keepAliveTimeoutSeconds=291', /keepAliveTimeoutSeconds/],
    ['api.drainPort=0', /drainPort/],
    ['ingress.enabled=true', /hosts/],
    ['ingress.hosts[0].paths[0].path=api', /path/],
    ['unknownTopLevelKey=1', /unknownTopLevelKey|additional/i],
  ])('values.schema.json rejects %s', (assignment, mentions) => {
    const { status, output } = runHelm(helm, [
      'template',
      'rel',
      chartDir,
      '--kube-version',
      KUBERNETES_VERSION,
      '--set',
      assignment,
    ]);
    expect(status).not.toBe(0);
    expect(output).toMatch(/values don't meet the specifications of the schema|schema/i);
    expect(output).toMatch(mentions);
  });
});

describe('values.schema.json', () => {
  const schema = JSON.parse(readFileSync(path.join(chartDir, 'values.schema.json'), 'utf8')) as {
    properties: {
      api: { properties: { cloudwatch: { properties: { retentionDays: { enum: unknown[] } } } } };
    };
  };

  it('accepts the retention periods the service accepts, as numbers or strings, and none else', () => {
    const allowed = schema.properties.api.properties.cloudwatch.properties.retentionDays.enum;
    expect(allowed).toEqual(['', ...RETENTION_DAYS, ...RETENTION_DAYS.map(String)]);
  });

  it('states each resource quantity rule once', () => {
    const text = readFileSync(path.join(chartDir, 'values.schema.json'), 'utf8');
    expect(text.match(/"oneOf"/g)).toHaveLength(1);
    expect(text.match(/"required": \["requests", "limits"\]/g)).toHaveLength(1);
  });
});
