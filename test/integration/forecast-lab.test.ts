/**
 * The supply forecast on the bundled lab, through the real `quarkpulse run` (in-process lab,
 * memory queue): the lab printer uses a unit of toner per 5 s (config/lab/lab-printer.snmprec),
 * so within seconds /metrics carries quarkpulse_printer_supply_days_left for its used supplies, at
 * about that rate, and none for the low black toner, which stays as recorded.
 */
import { parseExposition, startLabDaemon, type LabDaemon } from '../helpers/lab-daemon';
import { waitFor } from '../helpers/prom-stack';

const UNITS_PER_DAY = 86_400 / 5;

describe('supply forecast on the lab', () => {
  let lab: LabDaemon;
  beforeAll(async () => {
    lab = await startLabDaemon({ lab: 'in-process' });
  }, 60_000);
  afterAll(async () => {
    await lab?.stop();
  });

  it('quarkpulse_printer_supply_days_left for the used supplies of lab-printer, at the simulated rate', async () => {
    const scrape = async () => {
      const text = await (await fetch(`${lab.url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
      const of = (metric: string) => parseExposition(text, metric).filter((s) => s.labels.device === 'lab-printer');
      return { days: of('quarkpulse_printer_supply_days_left'), levels: of('quarkpulse_printer_supply_level') };
    };
    // Six supplies in use; a forecast needs a fitted drop of more than 3 units (≥ 20 s here).
    const { days, levels } = await waitFor(async () => {
      const s = await scrape();
      return s.days.length === 6 ? s : undefined;
    }, 'six supply forecasts', 90_000, 1_000);
    expect(days.map((d) => d.labels.supply_index).sort()).toEqual(['1.1', '1.2', '1.3', '1.5', '1.6', '1.7']);
    for (const d of days) {
      const level = levels.find((l) => l.labels.supply_index === d.labels.supply_index);
      expect(level?.labels).toEqual(d.labels); // the same labels as the level series
      // days = level ÷ rate: the rate estimated from whole units lies near one unit per 5 s.
      const rate = (level?.value ?? 0) / d.value;
      expect(rate).toBeGreaterThan(0.5 * UNITS_PER_DAY);
      expect(rate).toBeLessThan(1.6 * UNITS_PER_DAY);
    }
  }, 120_000);
});
