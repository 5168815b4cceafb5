/**
 * `npm run lint`: the module graph of src/, mibs/ and bench/ has no cycles (type-only imports
 * count: a cycle of types is still two modules that cannot be read one without the other), and
 * every folder imports only from the layers below it.
 *
 * LAYERS lists the layers bottom to top. A module may import its own layer and any layer below,
 * never one above. Layers of the same rank are not listed; add a folder here when you add one
 * (an unlisted folder is reported by `layer-unlisted`).
 */
const LAYERS = [
  { name: 'base', paths: ['src/util/', 'src/log\\.ts$', 'mibs/'] },
  // Only the metric-name vocabulary and the daemon's self-metrics: the config validates alert rules against the names.
  { name: 'metrics', paths: ['src/metrics/'] },
  { name: 'config', paths: ['src/config/'] },
  { name: 'inventory', paths: ['src/inventory/'] },
  // Platform profiles and config-text normalisation (pure): used by the backup probes and the store.
  { name: 'platforms', paths: ['src/platforms/'] },
  { name: 'queue', paths: ['src/queue/'] },
  { name: 'probes', paths: ['src/probes/'] },
  // Supply forecast (pure) and the bounded per-supply level history it reads (memory or Redis).
  { name: 'forecast', paths: ['src/forecast/'] },
  { name: 'results', paths: ['src/results/'] },
  { name: 'scheduler', paths: ['src/scheduler/'] },
  { name: 'alerts', paths: ['src/alerts/'] },
  { name: 'backup', paths: ['src/backup/'] },
  // Monthly client reports from Prometheus history (+ the config store): used by http, daemon and commands.
  { name: 'reports', paths: ['src/reports/'] },
  { name: 'http', paths: ['src/http/'] },
  { name: 'simulate', paths: ['src/simulate/'] },
  { name: 'daemon', paths: ['src/daemon/'] },
  { name: 'commands', paths: ['src/commands/'] },
  { name: 'cli', paths: ['src/cli\\.ts$'] },
  { name: 'bench', paths: ['bench/'] },
];

const pathsOf = (layers) => `^(${layers.flatMap((l) => l.paths).join('|')})`;

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.name}`,
  comment: `${layer.name} may import only ${LAYERS.slice(0, i).map((l) => l.name).join(', ') || 'itself'} (and packages)`,
  severity: 'error',
  from: { path: pathsOf([layer]) },
  to: { path: pathsOf(LAYERS.slice(i + 1)) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules import each other (directly or around a loop); move the shared part down a layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'layer-unlisted',
      comment: 'Every module belongs to a layer of .dependency-cruiser.cjs; add the new folder there.',
      severity: 'error',
      from: { path: '^(src|mibs|bench)/', pathNot: pathsOf(LAYERS) },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing (a typo, or a package missing from package.json).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-tests-from-src',
      comment: 'The program never imports test code.',
      severity: 'error',
      from: { path: '^(src|mibs|bench)/' },
      to: { path: '^test/' },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too (see the top of this file).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
