/** Kubernetes objects arrive as untyped YAML data: these read them without trusting their shape. */
export function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Reads a path of keys, e.g. `at(deployment, 'spec', 'template', 'spec')`. */
export function at(value: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((current, key) => objectOf(current)[key], value);
}

/** Every problem found, each prefixed by where it is. */
export class Problems {
  readonly list: string[] = [];

  add(where: string, message: string): void {
    this.list.push(`${where}: ${message}`);
  }
}
