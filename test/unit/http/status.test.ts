import type { AlertRecord } from '../../../src/alerts/engine';
import { sessionValue } from '../../../src/http/status/auth';
import { device, SECRET, startTestServer, stored, type TestServer } from './fixtures';

function alert(over: Partial<AlertRecord> & { labels: Record<string, string> }): AlertRecord {
  return {
    fingerprint: `fp-${over.labels.alertname}-${over.labels.client}`,
    rule: over.labels.alertname,
    device: over.labels.device,
    annotations: { summary: `${over.labels.alertname} on ${over.labels.device}`, description: '' },
    phase: 'firing',
    value: 1,
    activeSinceMs: Date.parse('2026-01-01T10:00:00Z'),
    firedAtMs: Date.parse('2026-01-01T10:05:00Z'),
    source: 'snmp',
    ...over,
  };
}

const ALERTS: AlertRecord[] = [
  alert({ labels: { alertname: 'PrinterPaperJam', severity: 'critical', client: 'acme', device: 'hq-printer-1', site: 'hq' } }),
  alert({ labels: { alertname: 'PrinterSupplyLow', severity: 'warning', client: 'acme', device: 'hq-printer-1', site: 'hq' }, held: { reason: 'maintenance', window: 'friday' } }),
  alert({ labels: { alertname: 'DeviceDown', severity: 'critical', client: 'globex', device: 'gx-sw', site: '' }, phase: 'resolved', resolvedAtMs: Date.parse('2026-01-01T11:00:00Z') }),
  alert({ labels: { alertname: 'InterfaceDown', severity: 'critical', client: 'acme', device: 'hq-printer-1', site: 'hq' }, phase: 'pending', firedAtMs: undefined }),
];

describe('GET /api/alerts', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ deps: { alerts: () => ALERTS } });
  });
  afterAll(async () => srv.close());

  const names = async (query: string) => {
    const res = await fetch(`${srv.url}/api/alerts${query}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { alerts: Array<{ labels: Record<string, string> }> };
    return body.alerts.map((a) => a.labels.alertname);
  };

  it('answers firing and recently resolved alerts with labels, annotations, start, end and the device page', async () => {
    const res = await fetch(`${srv.url}/api/alerts`);
    const body = (await res.json()) as { alerts: Array<Record<string, unknown>> };
    expect(body.alerts.map((a) => a.state)).toEqual(['firing', 'firing', 'resolved']);
    expect(body.alerts[0]).toEqual({
      fingerprint: 'fp-PrinterPaperJam-acme',
      state: 'firing',
      labels: ALERTS[0].labels,
      annotations: { summary: 'PrinterPaperJam on hq-printer-1', description: '' },
      startsAt: '2026-01-01T10:05:00.000Z',
      endsAt: null,
      generatorURL: 'http://127.0.0.1/devices/hq-printer-1',
      held: null,
    });
    expect(body.alerts[1].held).toEqual({ reason: 'maintenance', window: 'friday' });
    expect(body.alerts[2].endsAt).toBe('2026-01-01T11:00:00.000Z');
  });

  it('filters by client, severity and state', async () => {
    expect(await names('?client=globex')).toEqual(['DeviceDown']);
    expect(await names('?severity=warning')).toEqual(['PrinterSupplyLow']);
    expect(await names('?client=acme&severity=critical')).toEqual(['PrinterPaperJam']);
    expect(await names('?severity=critical,warning&state=firing')).toEqual(['PrinterPaperJam', 'PrinterSupplyLow']);
    expect(await names('?state=pending')).toEqual(['InterfaceDown']);
    expect((await fetch(`${srv.url}/api/alerts?state=burning`)).status).toBe(400);
  });
});

describe('status pages', () => {
  let srv: TestServer;
  afterEach(async () => srv?.close());

  it('/ lists the devices with the firing alerts, silenced ones marked; a device page per device', async () => {
    srv = await startTestServer({ devices: [device('hq-printer-1'), device('hq-printer-2')], deps: { alerts: () => ALERTS } });
    await srv.store.put(stored('hq-printer-1'));
    await srv.store.put(stored('hq-printer-2', { result: { probe: 'snmp', success: false, durationMs: 3, samples: [], error: { kind: 'timeout', message: `no answer for ${SECRET}` } } }));
    const res = await fetch(`${srv.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('data-device="hq-printer-1" data-state="up"');
    expect(html).toContain('data-device="hq-printer-2" data-state="down"');
    expect(html).toContain('data-alert="PrinterPaperJam"');
    expect(html).toContain('silenced: maintenance window friday');
    expect(html).not.toContain('data-alert="DeviceDown"');
    // Secrets quoted by an error never reach the page.
    expect(html).not.toContain(SECRET);
    expect(html).toContain('&lt;secret&gt;');
    expect(html).toContain('<meta http-equiv="refresh"');

    const page = await fetch(`${srv.url}/devices/hq-printer-1`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-supply-index="1.1"');
    expect((await fetch(`${srv.url}/devices/nope`)).status).toBe(404);
  });

  it('escapes what devices send', async () => {
    srv = await startTestServer();
    await srv.store.put(
      stored('hq-printer-1', {
        result: { probe: 'snmp', success: true, durationMs: 3, samples: [{ name: 'quarkpulse_printer_supply_level', labels: { supply_index: '1.1', supply: '<script>x</script>', supply_type: 'toner', color: '' }, value: -3 }] },
      }),
    );
    const html = await (await fetch(`${srv.url}/`)).text();
    expect(html).not.toContain('<script>x</script>');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('some remaining');
  });

  it('with a token: login form, ?token= link and cookie; the token itself is never in the cookie or the next URL', async () => {
    srv = await startTestServer({ token: 'tok-123' });
    const opts = { redirect: 'manual' as const };
    const anon = await fetch(`${srv.url}/devices/hq-printer-1`, opts);
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe('/login?next=%2Fdevices%2Fhq-printer-1');
    expect((await fetch(`${srv.url}/login`)).status).toBe(200);

    const wrong = await fetch(`${srv.url}/?token=nope`, opts);
    expect(wrong.headers.get('location')).toBe('/login?failed=1&next=%2F');
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const link = await fetch(`${srv.url}/devices/hq-printer-1?token=tok-123&x=1`, opts);
    expect(link.status).toBe(303);
    expect(link.headers.get('location')).toBe('/devices/hq-printer-1?x=1');
    const cookie = link.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^quarkpulse_session=[\w-]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain('tok-123');
    const session = cookie.split(';')[0];
    expect((await fetch(`${srv.url}/`, { headers: { cookie: session } })).status).toBe(200);
    expect((await fetch(`${srv.url}/`, { headers: { cookie: `quarkpulse_session=${sessionValue('other')}` }, ...opts })).status).toBe(303);
    // The API keeps to the bearer token: a page cookie opens no JSON and no reload.
    expect((await fetch(`${srv.url}/api/devices`, { headers: { cookie: session } })).status).toBe(401);

    const form = await fetch(`${srv.url}/login`, { method: 'POST', body: new URLSearchParams({ token: 'tok-123', next: '/devices/hq-printer-1' }), ...opts });
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/devices/hq-printer-1');
    expect(form.headers.get('set-cookie')).toContain('quarkpulse_session=');
    const bad = await fetch(`${srv.url}/login`, { method: 'POST', body: new URLSearchParams({ token: 'x', next: 'https://evil.example/' }), ...opts });
    expect(bad.status).toBe(401);
    const offsite = await fetch(`${srv.url}/login`, { method: 'POST', body: new URLSearchParams({ token: 'tok-123', next: '//evil.example/' }), ...opts });
    expect(offsite.headers.get('location')).toBe('/');
    // A bearer header works on pages too (scripts, curl).
    expect((await fetch(`${srv.url}/`, { headers: { authorization: 'Bearer tok-123' } })).status).toBe(200);
  });
});
