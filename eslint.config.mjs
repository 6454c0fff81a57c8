import nx from '@nx/eslint-plugin';

// Dependency direction of ARCHITECTURE.md, by the `type:` tag in each project's package.json:
// apps -> runtime (config + composition root) -> agent -> *-tools -> core (base-tools, data,
// ml) -> infra (async-cache, executor, object-store). No tool lib imports another tool lib;
// infra imports no domain lib; nothing in libs imports an app. Research (lab notebooks on the
// model) may use tools, core and infra; no constraint lists type:research, so nothing imports it.
export const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:runtime', 'type:agent', 'type:tools', 'type:core', 'type:infra', 'type:client'] },
  { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: ['type:agent', 'type:tools', 'type:core', 'type:infra'] },
  { sourceTag: 'type:agent', onlyDependOnLibsWithTags: ['type:tools', 'type:core', 'type:infra'] },
  { sourceTag: 'type:tools', onlyDependOnLibsWithTags: ['type:core', 'type:infra'] },
  { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:core', 'type:infra'] },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra'] },
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:runtime', 'type:agent', 'type:tools', 'type:core', 'type:infra'] },
  // The shops' client: generated from the API document, it depends on no other lib.
  { sourceTag: 'type:client', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:research', onlyDependOnLibsWithTags: ['type:tools', 'type:core', 'type:infra'] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/generated/**', '**/node_modules'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.cjs', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints,
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
