/** `quarkpulse rules export`: the alert rules (defaults + the config's) as a Prometheus rules file on stdout. */
import { loadConfig } from '../inventory/load';
import { alertingSchema } from '../config/alerting';
import { prometheusRulesYaml } from '../alerts/prometheus-rules';

export async function runRulesExport(opts: { config?: string }): Promise<number> {
  // Bad config: loadConfig throws ConfigError, which the CLI prints as one line per problem (exit 2).
  const yaml = opts.config
    ? await loadConfig(opts.config).then((config) => prometheusRulesYaml(config.alerting, { devices: config.devices }))
    : prometheusRulesYaml(alertingSchema.parse({}));
  process.stdout.write(yaml);
  return 0;
}
