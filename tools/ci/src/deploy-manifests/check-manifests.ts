import { containerEnv, type EnvEntry, type EnvSources } from './container-env';
import { arrayOf, at, objectOf, Problems } from './manifest-data';
import type { Manifest } from './read-manifests';
import type { RepoFacts } from './repo-facts';

/** The app's settings as the checks need them: every name, and start-up's own parser. */
export interface AppSettings {
  names: ReadonlySet<string>;
  /** Parses the way the app does at start-up (defaults applied); throws naming each bad variable. */
  parse(env: Record<string, string>): ParsedSettings;
}

export interface ParsedSettings {
  SHUTDOWN_TIMEOUT_MS: number;
  PORT: number;
  WORKER_PORT: number;
  JOB_QUEUE: string;
  CACHE_BACKEND: string;
  OBJECT_STORE: string;
}

const API_VERSION_OF_KIND: Readonly<Record<string, string>> = {
  ConfigMap: 'v1',
  Secret: 'v1',
  Service: 'v1',
  Deployment: 'apps/v1',
  Job: 'batch/v1',
  PodDisruptionBudget: 'policy/v1',
};
/** The setting naming the port each app's health and metrics routes listen on. */
const LISTEN_PORT_SETTING: Readonly<Record<string, 'PORT' | 'WORKER_PORT'>> = { backend: 'PORT', worker: 'WORKER_PORT' };
const MIN_REPLICAS: Readonly<Record<string, number>> = { backend: 2 };
/**
 * Settings that must resolve alike in every process: the shared state's addresses (or processes
 * stop seeing each other's work), and the schedules (each process that runs jobs sets the queue's
 * schedules to its own at start, removing the ones it lacks).
 */
const SHARED_STATE = [
  'DATABASE_URL',
  'REDIS_URL',
  'CACHE_BACKEND',
  'CACHE_KEY_PREFIX',
  'JOB_QUEUE',
  'JOB_KEY_PREFIX',
  'OBJECT_STORE',
  'S3_BUCKET',
  'S3_ENDPOINT',
  'S3_PREFIX',
  'RECO_MODEL_NAME',
  'TRAIN_SCHEDULE',
  'SEGMENT_SCHEDULE',
  'PRECOMPUTE_SCHEDULE',
];
const KUBERNETES_DEFAULT_GRACE_SECONDS = 30;
const PLACEHOLDER = 'REPLACE_ME';
const ENTRY_POINT = /^apps\/([a-z0-9-]+)\/dist\/main\.js$/;

/** Everything wrong with a set of manifests for running Reco, one message each; empty when they hold together. */
export function manifestProblems(manifests: readonly Manifest[], settings: AppSettings, repo: RepoFacts): string[] {
  const problems = new Problems();
  const configMaps = new Map<string, Record<string, unknown>>();
  const secretKeys = new Map<string, Set<string>>();
  const sources: EnvSources = { configMaps, secretKeys };
  const seen = new Set<string>();
  for (const { where, body } of manifests) {
    const kind = String(body['kind']);
    const name = at(body, 'metadata', 'name');
    const expectedApiVersion = API_VERSION_OF_KIND[kind];
    if (!expectedApiVersion) problems.add(where, `kind ${kind} is not one these checks know (${Object.keys(API_VERSION_OF_KIND).join(', ')})`);
    else if (body['apiVersion'] !== expectedApiVersion) problems.add(where, `${kind} needs apiVersion ${expectedApiVersion}, not ${String(body['apiVersion'])}`);
    if (typeof name !== 'string' || name === '') problems.add(where, 'metadata.name is missing');
    if (seen.has(`${kind}/${String(name)}`)) problems.add(where, `a second ${kind} named ${String(name)}`);
    seen.add(`${kind}/${String(name)}`);
    if (kind === 'ConfigMap') configMaps.set(String(name), checkConfigMap(body, `${where} ConfigMap ${String(name)}`, settings, problems));
    if (kind === 'Secret') secretKeys.set(String(name), checkSecret(body, `${where} Secret ${String(name)}`, settings, problems));
  }

  const workloads = manifests.filter(({ body }) => body['kind'] === 'Deployment' || body['kind'] === 'Job');
  const images = new Set<string>();
  const sharedState = new Map<string, Set<string>>(SHARED_STATE.map((setting) => [setting, new Set()]));
  for (const { where, body } of workloads) {
    const label = `${where} ${String(body['kind'])} ${String(at(body, 'metadata', 'name'))}`;
    const pod = objectOf(at(body, 'spec', 'template'));
    const isDeployment = body['kind'] === 'Deployment';
    if (isDeployment) checkSelector(objectOf(at(body, 'spec', 'selector', 'matchLabels')), objectOf(at(pod, 'metadata', 'labels')), label, problems);
    for (const container of arrayOf(at(pod, 'spec', 'containers')).map(objectOf)) {
      const where = `${label} container ${String(container['name'])}`;
      images.add(String(container['image']));
      const env = containerEnv(container, where, sources, settings.names, problems);
      for (const setting of SHARED_STATE) sharedState.get(setting)?.add(describe(env.get(setting)));
      const app = checkEntryPoint(container, where, repo, problems);
      const parsed = parseEnv(env, where, settings, problems);
      if (app) checkHttpRoutes(pod, container, app, parsed, where, repo, isDeployment, problems);
      if (!app || !parsed || !isDeployment) continue;
      checkGracePeriod(pod, container, parsed, where, problems);
      checkAtScale(body, app, env, parsed, where, problems);
    }
  }
  if (images.size > 1) problems.add('workloads', `run different images (${[...images].join(', ')}): backends, workers and the migration must be one release`);
  for (const [setting, origins] of sharedState) {
    if (origins.size > 1) problems.add('workloads', `${setting} differs between processes (${[...origins].join(' / ')}); every process must share it`);
  }
  checkSelectorsMatchPods(manifests, workloads, problems);
  return problems.list;
}

function checkConfigMap(body: Record<string, unknown>, where: string, settings: AppSettings, problems: Problems): Record<string, unknown> {
  const data = objectOf(body['data']);
  for (const [key, value] of Object.entries(data)) {
    if (!settings.names.has(key)) problems.add(where, `${key} is not a Reco setting (libs/runtime config)`);
    if (typeof value !== 'string') problems.add(where, `${key}: ${JSON.stringify(value)} is not a string: quote it`);
  }
  return data;
}

/** Secret keys must be settings too; their values must be placeholders, so no real secret is ever committed. */
function checkSecret(body: Record<string, unknown>, where: string, settings: AppSettings, problems: Problems): Set<string> {
  const values: [string, string][] = [
    ...Object.entries(objectOf(body['stringData'])).map(([key, value]): [string, string] => [key, String(value)]),
    ...Object.entries(objectOf(body['data'])).map(([key, value]): [string, string] => [key, Buffer.from(String(value), 'base64').toString('utf8')]),
  ];
  for (const [key, value] of values) {
    if (!settings.names.has(key)) problems.add(where, `${key} is not a Reco setting (libs/runtime config)`);
    if (!value.includes(PLACEHOLDER)) problems.add(where, `${key} holds a value; commit only ${PLACEHOLDER} placeholders`);
  }
  return new Set(values.map(([key]) => key));
}

/** The app a container runs, when it is one the repository builds. */
function checkEntryPoint(container: Record<string, unknown>, where: string, repo: RepoFacts, problems: Problems): string | undefined {
  const words = [...arrayOf(container['command']), ...arrayOf(container['args'])].map(String);
  const entry = words.map((word) => ENTRY_POINT.exec(word)).find((match) => match !== null);
  if (!entry) {
    problems.add(where, `runs ${JSON.stringify(words)}, no Reco entry point (node apps/<app>/dist/main.js)`);
    return undefined;
  }
  const app = entry[1] ?? '';
  if (repo.hasEntryPoint(app)) return app;
  problems.add(where, `runs ${entry[0]}, but apps/${app}/src/main.ts does not exist`);
  return undefined;
}

function parseEnv(env: Map<string, EnvEntry>, where: string, settings: AppSettings, problems: Problems): ParsedSettings | undefined {
  const plain = Object.fromEntries([...env].flatMap(([name, entry]) => (entry.value === undefined ? [] : [[name, entry.value]])));
  const runJobs = plain['RUN_JOBS'];
  if ((runJobs === 'false' || runJobs === '0') && plain['JOB_QUEUE'] !== 'bullmq') {
    problems.add(where, `RUN_JOBS=${runJobs} needs JOB_QUEUE=bullmq in the same environment (got ${plain['JOB_QUEUE'] ?? 'the default, in-process'}): its jobs would run nowhere`);
  }
  try {
    return settings.parse(plain);
  } catch (err) {
    problems.add(where, `the app would refuse to start: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** Kubernetes kills a server's pod after its grace period: it must outlast the preStop pause plus the app's own shutdown. */
function checkGracePeriod(pod: Record<string, unknown>, container: Record<string, unknown>, parsed: ParsedSettings, where: string, problems: Problems): void {
  const graceSeconds = Number(at(pod, 'spec', 'terminationGracePeriodSeconds') ?? KUBERNETES_DEFAULT_GRACE_SECONDS);
  const preStopSeconds = Number(at(container, 'lifecycle', 'preStop', 'sleep', 'seconds') ?? 0);
  const neededMs = parsed.SHUTDOWN_TIMEOUT_MS + preStopSeconds * 1000;
  if (!(graceSeconds * 1000 > neededMs)) {
    problems.add(where, `terminationGracePeriodSeconds ${graceSeconds} s must exceed SHUTDOWN_TIMEOUT_MS (${parsed.SHUTDOWN_TIMEOUT_MS} ms) plus the preStop sleep (${preStopSeconds} s)`);
  }
}

/**
 * Probes and the metrics scrape must hit routes the app serves, on the port its settings make it
 * listen on (compared only when the settings parse: that failure is reported already).
 */
function checkHttpRoutes(pod: Record<string, unknown>, container: Record<string, unknown>, app: string, parsed: ParsedSettings | undefined, where: string, repo: RepoFacts, probesRequired: boolean, problems: Problems): void {
  const portSetting = LISTEN_PORT_SETTING[app];
  const checkRoute = (what: string, urlPath: unknown, port: unknown) => {
    if (typeof urlPath !== 'string' || !repo.servesPath(app, urlPath)) problems.add(where, `${what} path ${String(urlPath)} is not a route apps/${app} serves`);
    const number = typeof port === 'string' && !/^\d+$/.test(port) ? namedPort(container, port) : Number(port);
    if (!portSetting) problems.add(where, `${what}: apps/${app} serves no HTTP port`);
    else if (parsed && number !== parsed[portSetting]) problems.add(where, `${what} port ${String(port)} (${String(number)}) is not ${portSetting}=${parsed[portSetting]}`);
  };
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
    const spec = container[probe];
    if (spec === undefined) {
      if (probesRequired && probe !== 'startupProbe') problems.add(where, `${probe} is missing`);
      continue;
    }
    const httpGet = at(spec, 'httpGet');
    if (httpGet === undefined) problems.add(where, `${probe} must be an httpGet of the app's health routes`);
    else checkRoute(probe, at(httpGet, 'path'), at(httpGet, 'port'));
  }
  const annotations = objectOf(at(pod, 'metadata', 'annotations'));
  if (annotations['prometheus.io/scrape'] === 'true') checkRoute('the metrics scrape', annotations['prometheus.io/path'] ?? '/metrics', annotations['prometheus.io/port']);
}

function namedPort(container: Record<string, unknown>, name: string): number | undefined {
  const port = arrayOf(container['ports']).map(objectOf).find((p) => p['name'] === name);
  return port ? Number(port['containerPort']) : undefined;
}

/** Long-running processes of a deployment share their state through servers, never through one process's memory or disk. */
function checkAtScale(deployment: Record<string, unknown>, app: string, env: Map<string, EnvEntry>, parsed: ParsedSettings, where: string, problems: Problems): void {
  const replicas = Number(at(deployment, 'spec', 'replicas') ?? 1);
  const minimum = MIN_REPLICAS[app] ?? 1;
  if (replicas < minimum) problems.add(where, `replicas ${replicas}: run at least ${minimum} of apps/${app}`);
  if (parsed.JOB_QUEUE !== 'bullmq') problems.add(where, `JOB_QUEUE=${parsed.JOB_QUEUE}: jobs must live in Redis (bullmq) for workers and backends to share them`);
  if (parsed.CACHE_BACKEND === 'memory') problems.add(where, 'CACHE_BACKEND=memory: backends would not see what workers precompute (use tiered or redis)');
  if (parsed.OBJECT_STORE !== 's3') problems.add(where, `OBJECT_STORE=${parsed.OBJECT_STORE}: models and uploads must be in a shared store (s3)`);
  const database = env.get('DATABASE_URL');
  if (!database || database.value?.startsWith('file:')) problems.add(where, 'DATABASE_URL must name a shared PostgreSQL, not the embedded SQLite file');
}

function checkSelector(selector: Record<string, unknown>, labels: Record<string, unknown>, where: string, problems: Problems): void {
  if (Object.keys(selector).length === 0) problems.add(where, 'spec.selector.matchLabels is empty');
  if (!selects(selector, labels)) problems.add(where, `selector ${JSON.stringify(selector)} does not match its pod template's labels`);
}

/** Services and disruption budgets must select the pods of a Deployment; a Service's targetPort must be one of their ports. */
function checkSelectorsMatchPods(manifests: readonly Manifest[], workloads: readonly Manifest[], problems: Problems): void {
  const pods = workloads.filter(({ body }) => body['kind'] === 'Deployment').map(({ body }) => objectOf(at(body, 'spec', 'template')));
  for (const { where, body } of manifests) {
    const kind = body['kind'];
    if (kind !== 'Service' && kind !== 'PodDisruptionBudget') continue;
    const selector = objectOf(kind === 'Service' ? at(body, 'spec', 'selector') : at(body, 'spec', 'selector', 'matchLabels'));
    const label = `${where} ${kind} ${String(at(body, 'metadata', 'name'))}`;
    const selected = pods.filter((pod) => Object.keys(selector).length > 0 && selects(selector, objectOf(at(pod, 'metadata', 'labels'))));
    if (selected.length === 0) {
      problems.add(label, `selector ${JSON.stringify(selector)} matches no Deployment's pods`);
      continue;
    }
    if (kind !== 'Service') continue;
    const containers = selected.flatMap((pod) => arrayOf(at(pod, 'spec', 'containers')).map(objectOf));
    for (const port of arrayOf(at(body, 'spec', 'ports')).map(objectOf)) {
      const target = port['targetPort'] ?? port['port'];
      const found = containers.some((c) => arrayOf(c['ports']).map(objectOf).some((p) => p['name'] === target || p['containerPort'] === target));
      if (!found) problems.add(label, `targetPort ${String(target)} is no port of the selected pods`);
    }
  }
}

function selects(selector: Record<string, unknown>, labels: Record<string, unknown>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

function describe(entry: EnvEntry | undefined): string {
  if (!entry) return 'unset';
  return entry.value === undefined ? entry.origin : `=${entry.value}`;
}
