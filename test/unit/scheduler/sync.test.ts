import { silentLogger } from '../../../src/log';
import { MemoryResultStore } from '../../../src/metrics/store';
import { InProcessQueue } from '../../../src/queue/in-process';
import { syncInventory } from '../../../src/scheduler/sync';
import { deviceTarget } from '../../helpers/queue-fixtures';

test('syncInventory schedules the devices and forgets results of devices that left', async () => {
  const queue = new InProcessQueue({ logger: silentLogger });
  const store = new MemoryResultStore();
  try {
    const first = await syncInventory(queue, store, [deviceTarget('a'), deviceTarget('b', { icmp: undefined })]);
    expect(first).toEqual({ added: ['a:icmp', 'a:snmp', 'b:snmp'], removed: [], changed: [] });
    for (const device of ['a', 'b']) {
      await store.put({ device, client: 'acme', site: '', kind: 'switch', probe: 'snmp', finishedAtMs: 1, intervalSeconds: 60, worker: 'w', result: { probe: 'snmp', success: true, durationSeconds: 0, samples: [] } });
    }
    const second = await syncInventory(queue, store, [deviceTarget('b', { icmp: undefined })]);
    expect(second).toEqual({ added: [], removed: ['a:icmp', 'a:snmp'], changed: [] });
    expect((await store.all()).map((r) => r.device)).toEqual(['b']);
    expect((await queue.listSchedules()).map((s) => s.id)).toEqual(['b:snmp']);
  } finally {
    await queue.close(0);
  }
});
