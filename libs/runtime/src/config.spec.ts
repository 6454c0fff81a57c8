import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ NODE_ENV: 'development', HOST: '127.0.0.1', PORT: 3000, DATA_DIR: './data' });
  });

  it('coerces numbers and treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '8080', TOOL_TIMEOUT_MS: '' })).toMatchObject({ PORT: 8080, TOOL_TIMEOUT_MS: 5000 });
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['LOG_LEVEL', 'PORT']);
    expect((error as Error).message).toMatch(/PORT: .*"eighty"/);
  });
});
