import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * quarkpulse's own metrics (the poller's health), declared once. Device metrics of the contract
 * are in names.ts; these describe the daemon itself.
 */
export class SelfMetrics {
  readonly snmpRequests: Counter<'client' | 'device'>;
  readonly snmpRetries: Counter<'client' | 'device'>;
  readonly snmpTimeouts: Counter<'client' | 'device'>;
  readonly snmpVarbinds: Counter<'client' | 'device'>;
  readonly snmpShrinks: Counter<'client' | 'device'>;
  readonly snmpRequestVarbinds: Gauge<'client' | 'device'>;
  readonly probeRuns: Counter<'probe' | 'result'>;
  readonly scheduleLag: Histogram<'probe'>;
  readonly queueJobs: Gauge<'state'>;
  readonly workersSeen: Gauge;
  readonly schedulerLeader: Gauge;
  readonly alertDeliveries: Counter<'alertmanager' | 'result'>;
  readonly configReloads: Counter<'result'>;
  readonly skippedRuns: Counter<'probe' | 'reason'>;
  readonly alertEvaluation: Histogram;

  constructor(readonly registry: Registry, options: { processMetrics?: boolean } = {}) {
    const registers = [registry];
    const perDevice = ['client', 'device'] as const;
    this.snmpRequests = new Counter({ name: 'quarkpulse_snmp_requests_total', help: 'SNMP request PDUs sent (retries included).', labelNames: perDevice, registers });
    this.snmpRetries = new Counter({ name: 'quarkpulse_snmp_retries_total', help: 'SNMP requests sent again after a timeout or tooBig.', labelNames: perDevice, registers });
    this.snmpTimeouts = new Counter({ name: 'quarkpulse_snmp_timeouts_total', help: 'SNMP requests that got no answer after all retries.', labelNames: perDevice, registers });
    this.snmpVarbinds = new Counter({ name: 'quarkpulse_snmp_varbinds_total', help: 'Varbinds received from the device.', labelNames: perDevice, registers });
    this.snmpShrinks = new Counter({
      name: 'quarkpulse_snmp_request_shrinks_total',
      help: 'SNMP requests that went unanswered and were sent again smaller (agent or path limit).',
      labelNames: perDevice,
      registers,
    });
    this.snmpRequestVarbinds = new Gauge({
      name: 'quarkpulse_snmp_request_varbinds',
      help: 'Largest SNMP request (varbinds) the device answered; below max_varbinds_per_request when its agent or path is limited.',
      labelNames: perDevice,
      registers,
    });
    this.probeRuns = new Counter({ name: 'quarkpulse_probe_runs_total', help: 'Probe runs by probe and result (success, failure).', labelNames: ['probe', 'result'], registers });
    this.scheduleLag = new Histogram({
      name: 'quarkpulse_schedule_lag_seconds',
      help: 'Delay between when a probe was due and when a worker started it.',
      labelNames: ['probe'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.queueJobs = new Gauge({ name: 'quarkpulse_queue_jobs', help: 'Probe jobs in the queue by state.', labelNames: ['state'], registers });
    this.workersSeen = new Gauge({ name: 'quarkpulse_workers', help: 'Workers connected to the queue.', registers });
    this.schedulerLeader = new Gauge({
      name: 'quarkpulse_scheduler_leader',
      help: '1 while this scheduler is the one that writes the schedules (several over one Redis elect one), else 0.',
      registers,
    });
    this.alertDeliveries = new Counter({ name: 'quarkpulse_alert_deliveries_total', help: 'Alert batches posted to Alertmanager by result.', labelNames: ['alertmanager', 'result'], registers });
    this.skippedRuns = new Counter({
      name: 'quarkpulse_queue_skipped_runs_total',
      help: 'Due probe runs not made: reason "late" (could no longer finish before the next run, e.g. a dead worker\'s job recovered too late), "busy" (the previous run was still going).',
      labelNames: ['probe', 'reason'],
      registers,
    });
    this.alertEvaluation = new Histogram({
      name: 'quarkpulse_alert_evaluation_seconds',
      help: "Time one alert evaluation cycle took: reading every device's latest results from the store, then evaluating the devices that need it (the evaluating scheduler only).",
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.configReloads = new Counter({ name: 'quarkpulse_config_reloads_total', help: 'Config reloads by result.', labelNames: ['result'], registers });
    if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'quarkpulse_' });
    // Known label values exist at 0 from the start: a rate over a missing series is "No data", not 0.
    for (const result of ['success', 'failure']) this.configReloads.inc({ result }, 0);
  }

  /** The probe kinds this process runs: their run counters start at 0 for both results. */
  knownProbes(kinds: readonly string[]): void {
    for (const probe of kinds) for (const result of ['success', 'failure']) this.probeRuns.inc({ probe, result }, 0);
  }

  /** The Alertmanagers this process posts to: their delivery counters start at 0 for every result. */
  knownAlertmanagers(urls: readonly string[]): void {
    for (const alertmanager of urls) for (const result of ['success', 'failure', 'rejected']) this.alertDeliveries.inc({ alertmanager, result }, 0);
  }

  /** A device left the config: its per-device series go with it. */
  forgetDevice(client: string, device: string): void {
    for (const counter of [this.snmpRequests, this.snmpRetries, this.snmpTimeouts, this.snmpVarbinds, this.snmpShrinks]) counter.remove({ client, device });
    this.snmpRequestVarbinds.remove({ client, device });
  }
}
