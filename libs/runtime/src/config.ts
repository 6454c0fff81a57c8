import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting Reco reads, parsed once from the environment at start-up. Libraries get the
 * parts they need through the container and never read `process.env` themselves.
 * Each key is the environment variable's name; README.md documents them in a table.
 */
const intInRange = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: intInRange(0, 65_535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Folder for the embedded defaults: SQLite file, local objects, local credentials. */
  DATA_DIR: z.string().min(1).default('./data'),
  /**
   * `postgresql://...` for a PostgreSQL server; `file:<path>` for SQLite. Unset: the embedded
   * SQLite file `<DATA_DIR>/reco.db`.
   */
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: or postgresql://')
    .optional(),
  /** Default per-tool timeout. */
  TOOL_TIMEOUT_MS: intInRange(1, 600_000).default(5_000),
  /** How long SIGTERM waits for in-flight requests before closing connections. */
  SHUTDOWN_TIMEOUT_MS: intInRange(0, 600_000).default(10_000),
});

export type AppConfig = z.infer<typeof ConfigSchema> & { DATABASE_URL: string };

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; empty strings count as unset. Throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') relevant[key] = value.trim();
  }
  const parsed = ConfigSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? '?');
        return { variable, message: `${issue.message} (got ${JSON.stringify(relevant[variable])})` };
      }),
    );
  }
  const data = parsed.data;
  return { ...data, DATABASE_URL: data.DATABASE_URL ?? `file:${path.join(data.DATA_DIR, 'reco.db')}` };
}
