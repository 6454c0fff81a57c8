import { arrayOf, objectOf, type Problems } from './manifest-data';

/** A setting as a container gets it: the value when the manifests hold it, undefined when it comes from a Secret or the pod. */
export interface EnvEntry {
  value: string | undefined;
  /** Where it comes from, e.g. `ConfigMap reco-config` or `Secret reco-secrets/DATABASE_URL`. */
  origin: string;
}

/** The ConfigMaps' data and the Secrets' key names, by object name. */
export interface EnvSources {
  configMaps: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  secretKeys: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * The environment a container starts with, as Kubernetes builds it: `envFrom` in order, then
 * `env` on top. Names not in `settingNames` are reported (a typo would be silently ignored by
 * the app), and so are references to objects or keys the manifests do not define.
 */
export function containerEnv(container: Record<string, unknown>, where: string, sources: EnvSources, settingNames: ReadonlySet<string>, problems: Problems): Map<string, EnvEntry> {
  const env = new Map<string, EnvEntry>();
  for (const from of arrayOf(container['envFrom'])) {
    const source = objectOf(from);
    if (typeof source['prefix'] === 'string') problems.add(where, `envFrom prefix "${source['prefix']}" renames every setting; the app reads the names as they are`);
    const configMapName = objectOf(source['configMapRef'])['name'];
    const secretName = objectOf(source['secretRef'])['name'];
    if (typeof configMapName === 'string') {
      const data = sources.configMaps.get(configMapName);
      if (!data) problems.add(where, `envFrom names ConfigMap ${configMapName}, which no manifest defines`);
      for (const [name, value] of Object.entries(data ?? {})) env.set(name, { value: typeof value === 'string' ? value : undefined, origin: `ConfigMap ${configMapName}` });
    } else if (typeof secretName === 'string') {
      const keys = sources.secretKeys.get(secretName);
      if (!keys) problems.add(where, `envFrom names Secret ${secretName}, which no manifest defines`);
      for (const name of keys ?? []) env.set(name, { value: undefined, origin: `Secret ${secretName}` });
    } else {
      problems.add(where, 'envFrom entry names neither a configMapRef nor a secretRef');
    }
  }
  for (const item of arrayOf(container['env'])) {
    const entry = objectOf(item);
    const name = entry['name'];
    if (typeof name !== 'string') {
      problems.add(where, 'env entry without a name');
      continue;
    }
    if (!settingNames.has(name)) problems.add(where, `env ${name} is not a Reco setting (libs/runtime config)`);
    env.set(name, envEntry(entry, `${where} env ${name}`, sources, problems));
  }
  return env;
}

function envEntry(entry: Record<string, unknown>, where: string, sources: EnvSources, problems: Problems): EnvEntry {
  if ('value' in entry) {
    const value = entry['value'];
    if (typeof value !== 'string') problems.add(where, `value ${JSON.stringify(value)} is not a string: quote it`);
    return { value: typeof value === 'string' ? value : String(value), origin: 'its own env' };
  }
  const from = objectOf(entry['valueFrom']);
  const secretRef = objectOf(from['secretKeyRef']);
  const configMapRef = objectOf(from['configMapKeyRef']);
  if (typeof secretRef['name'] === 'string') {
    const keys = sources.secretKeys.get(secretRef['name']);
    if (!keys?.has(String(secretRef['key']))) problems.add(where, `secretKeyRef ${secretRef['name']}/${String(secretRef['key'])} is not defined by any manifest`);
    return { value: undefined, origin: `Secret ${secretRef['name']}/${String(secretRef['key'])}` };
  }
  if (typeof configMapRef['name'] === 'string') {
    const value = sources.configMaps.get(configMapRef['name'])?.[String(configMapRef['key'])];
    if (typeof value !== 'string') problems.add(where, `configMapKeyRef ${configMapRef['name']}/${String(configMapRef['key'])} is not defined by any manifest`);
    return { value: typeof value === 'string' ? value : undefined, origin: `ConfigMap ${configMapRef['name']}` };
  }
  return { value: undefined, origin: `${where} (from the pod)` };
}
