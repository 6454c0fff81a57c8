import path from 'node:path';
import { ConfigSchema, loadConfig } from '@reco/runtime';
import { type AppSettings, manifestProblems } from './deploy-manifests/check-manifests';
import { type Manifest, parseManifests, readManifests } from './deploy-manifests/read-manifests';
import { repoFactsAt, sourcesServe } from './deploy-manifests/repo-facts';

// deploy/kubernetes must start what the repository builds, with settings the app reads, on
// routes it serves: a typo there would otherwise surface only in someone's cluster.
const root = path.resolve(__dirname, '../../..');
const manifestsDir = path.join(root, 'deploy/kubernetes');
const settings: AppSettings = { names: new Set(Object.keys(ConfigSchema.shape)), parse: (env) => loadConfig(env) };
const repo = repoFactsAt(root);

type Step = string | number;
/** A copy of the manifests with one object changed: `value` undefined deletes the key. */
function edited(manifests: readonly Manifest[], kind: string, name: string, changes: [Step[], unknown][]): Manifest[] {
  const copy = structuredClone(manifests) as Manifest[];
  const target = copy.find(({ body }) => body['kind'] === kind && (body['metadata'] as { name?: string } | undefined)?.name === name);
  if (!target) throw new Error(`no ${kind} ${name} in deploy/kubernetes`);
  for (const [steps, value] of changes) {
    const parent = steps.slice(0, -1).reduce<Record<Step, unknown>>((node, step) => node[step] as Record<Step, unknown>, target.body);
    const last = steps[steps.length - 1] as Step;
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return copy;
}

const BACKEND = ['spec', 'template', 'spec', 'containers', 0];
const WORKER = ['spec', 'template', 'spec', 'containers', 0];

describe('deploy/kubernetes', () => {
  const manifests = readManifests(manifestsDir);

  it('holds the objects of a deployment', () => {
    const objects = manifests.map(({ body }) => `${String(body['kind'])}/${String((body['metadata'] as { name?: string }).name)}`);
    expect(objects).toEqual(
      expect.arrayContaining(['ConfigMap/reco-config', 'Secret/reco-secrets', 'Deployment/reco-backend', 'Service/reco-backend', 'Deployment/reco-worker', 'Job/reco-migrate']),
    );
  });

  it('are consistent with the app: settings, entry points, routes, ports, grace periods, shared state', () => {
    expect(manifestProblems(manifests, settings, repo)).toEqual([]);
  });

  it.each<[string, string, string, [Step[], unknown][], RegExp]>([
    ['a ConfigMap key with a typo', 'ConfigMap', 'reco-config', [[['data', 'JOB_QUEUE'], undefined], [['data', 'JOB_QUEU'], 'bullmq']], /JOB_QUEU is not a Reco setting/],
    ['an env name with a typo', 'Deployment', 'reco-backend', [[[...BACKEND, 'env', 0, 'name'], 'RUN_JOB']], /env RUN_JOB is not a Reco setting/],
    ['RUN_JOBS=false without BullMQ', 'ConfigMap', 'reco-config', [[['data', 'JOB_QUEUE'], 'in-process']], /RUN_JOBS=false needs JOB_QUEUE=bullmq/],
    ['a value the app refuses', 'ConfigMap', 'reco-config', [[['data', 'JOB_CONCURRENCY'], 'two']], /would refuse to start: .*JOB_CONCURRENCY/],
    ['a number Kubernetes refuses in a ConfigMap', 'ConfigMap', 'reco-config', [[['data', 'PORT'], 3000]], /PORT: 3000 is not a string/],
    ['a real value in the Secret', 'Secret', 'reco-secrets', [[['stringData', 'API_KEYS'], 'ops:admin:' + 'a'.repeat(64)]], /API_KEYS holds a value/],
    ['an entry point the repository does not have', 'Deployment', 'reco-backend', [[[...BACKEND, 'command', 1], 'apps/backnd/dist/main.js']], /apps\/backnd\/src\/main\.ts does not exist/],
    ['a command that is no entry point', 'Job', 'reco-migrate', [[['spec', 'template', 'spec', 'containers', 0, 'command'], ['npx', 'reco', 'db', 'migrate']]], /no Reco entry point/],
    ['a readiness path the backend does not serve', 'Deployment', 'reco-backend', [[[...BACKEND, 'readinessProbe', 'httpGet', 'path'], '/healthz']], /readinessProbe path \/healthz is not a route apps\/backend serves/],
    ['a worker probe on the backend port', 'Deployment', 'reco-worker', [[[...WORKER, 'livenessProbe', 'httpGet', 'port'], 3000]], /livenessProbe port 3000 \(3000\) is not WORKER_PORT=3100/],
    ['a metrics scrape on the wrong port', 'Deployment', 'reco-backend', [[['spec', 'template', 'metadata', 'annotations', 'prometheus.io/port'], '3100']], /metrics scrape port 3100 .* is not PORT=3000/],
    ['a missing liveness probe', 'Deployment', 'reco-backend', [[[...BACKEND, 'livenessProbe'], undefined]], /livenessProbe is missing/],
    ['a grace period shorter than the shutdown', 'Deployment', 'reco-backend', [[['spec', 'template', 'spec', 'terminationGracePeriodSeconds'], 12]], /terminationGracePeriodSeconds 12 s must exceed SHUTDOWN_TIMEOUT_MS \(10000 ms\) plus the preStop sleep \(5 s\)/],
    ['a shutdown longer than the grace period', 'ConfigMap', 'reco-config', [[['data', 'SHUTDOWN_TIMEOUT_MS'], '60000']], /reco-backend .*terminationGracePeriodSeconds 30 s must exceed SHUTDOWN_TIMEOUT_MS \(60000 ms\)/],
    ['a single backend', 'Deployment', 'reco-backend', [[['spec', 'replicas'], 1]], /replicas 1: run at least 2 of apps\/backend/],
    ['an in-memory cache', 'ConfigMap', 'reco-config', [[['data', 'CACHE_BACKEND'], 'memory']], /CACHE_BACKEND=memory/],
    ['a worker on its own Redis', 'Deployment', 'reco-worker', [[[...WORKER, 'env', 2], { name: 'REDIS_URL', value: 'redis://other:6379' }]], /REDIS_URL differs between processes/],
    ['a backend with its own training schedule', 'Deployment', 'reco-backend', [[[...BACKEND, 'env', 2], { name: 'TRAIN_SCHEDULE', value: '0 5 * * *' }]], /TRAIN_SCHEDULE differs between processes/],
    ['a worker of another release', 'Deployment', 'reco-worker', [[[...WORKER, 'image'], 'ghcr.io/example/reco:old']], /run different images/],
    ['envFrom a ConfigMap nobody defines', 'Deployment', 'reco-worker', [[[...WORKER, 'envFrom', 0, 'configMapRef', 'name'], 'reco-cfg']], /names ConfigMap reco-cfg, which no manifest defines/],
    ['a Service selecting no pods', 'Service', 'reco-backend', [[['spec', 'selector', 'app.kubernetes.io/component'], 'api']], /matches no Deployment's pods/],
    ['a Service port the pods do not have', 'Service', 'reco-backend', [[['spec', 'ports', 0, 'targetPort'], 'web']], /targetPort web is no port/],
    ['a Deployment whose selector misses its pods', 'Deployment', 'reco-worker', [[['spec', 'selector', 'matchLabels', 'app.kubernetes.io/component'], 'workers']], /does not match its pod template's labels/],
    ['a wrong apiVersion', 'Deployment', 'reco-backend', [[['apiVersion'], 'extensions/v1beta1']], /Deployment needs apiVersion apps\/v1/],
    ['an object without a name', 'Service', 'reco-backend', [[['metadata', 'name'], undefined]], /metadata\.name is missing/],
  ])('refuse %s', (_label, kind, name, changes, expected) => {
    const problems = manifestProblems(edited(manifests, kind, name, changes), settings, repo);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('refuse a kind the checks do not know', () => {
    const extra: Manifest = { where: 'extra.yaml#0', body: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'reco-redis' } } };
    expect(manifestProblems([...manifests, extra], settings, repo)).toEqual([expect.stringMatching(/extra\.yaml#0: kind StatefulSet is not one these checks know/)]);
  });
});

describe('reading manifests', () => {
  it('names the file and line of a syntax error or a duplicate key', () => {
    expect(() => parseManifests('kind: ConfigMap\ndata:\n  PORT: "3000"\n  PORT: "3001"\n', 'config.yaml')).toThrow(/config\.yaml: Map keys must be unique at line 4/);
    expect(() => parseManifests('kind: Service\nspec: [\n', 'service.yaml')).toThrow(/service\.yaml: .*line 3/);
  });

  it('reads every document of a file and skips empty ones', () => {
    expect(parseManifests('kind: Service\n---\nkind: Deployment\n---\n', 'x.yaml').map(({ where, body }) => [where, body['kind']])).toEqual([
      ['x.yaml#0', 'Service'],
      ['x.yaml#1', 'Deployment'],
    ]);
  });
});

describe('routes an app serves', () => {
  it.each(['backend', 'worker'])('finds the %s health and metrics routes, and not others', (app) => {
    expect(['/health/live', '/health/ready', '/metrics'].filter((p) => repo.servesPath(app, p))).toEqual(['/health/live', '/health/ready', '/metrics']);
    expect(repo.servesPath(app, '/health/started')).toBe(false);
    expect(repo.servesPath(app, '/healthz')).toBe(false);
  });

  it('knows which apps the repository builds', () => {
    expect(['backend', 'worker', 'cli', 'api'].filter((app) => repo.hasEntryPoint(app))).toEqual(['backend', 'worker', 'cli']);
  });

  it('reads a full path literal or a router mounted at a prefix', () => {
    const plainServer = ["if (req.url === '/health/live') return live(res);"];
    const express = ["app.use('/health', healthRoutes());", "router.get('/ready', ready);"];
    expect(sourcesServe(plainServer, '/health/live')).toBe(true);
    expect(sourcesServe(plainServer, '/health/ready')).toBe(false);
    expect(sourcesServe(express, '/health/ready')).toBe(true);
    expect(sourcesServe(express, '/health/live')).toBe(false);
    expect(sourcesServe(["router.get('/health', h);", "app.use('/ready', r);"], '/health/ready')).toBe(false);
  });
});
