/**
 * SNMP request sizes in Redis (probes/snmp/redis-size-memory.ts): what one worker learnt about a device
 * is what another worker, or the daemon after a restart, starts from. Real Redis, a random prefix.
 */
import { silentLogger } from '../../src/log';
import { RedisSizeMemory } from '../../src/probes/snmp/redis-size-memory';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { describeWith } from '../helpers/requires';

describeWith(['redis'], 'RedisSizeMemory', () => {
  it('a record written by one worker is read by another; forget removes it; damaged values read as absent', async () => {
    const prefix = randomPrefix();
    const a = new RedisSizeMemory({ url: REDIS_URL, prefix, logger: silentLogger });
    const b = new RedisSizeMemory({ url: REDIS_URL, prefix, logger: silentLogger });
    try {
      expect(await b.get('sw1')).toBeUndefined();
      const record = { working: 23, ceiling: 23, reason: 'silence' as const, since: 1_700_000_000_000, bytes: 1330, bytesPerVarbind: 104, emptyColumns: ['1.3.6.1.2.1.43.12.1.1.4', '1.3.6.1.2.1.43.18.1.1.2'] };
      await a.set('sw1', record);
      expect(await b.get('sw1')).toEqual(record);
      await a.forget('sw1');
      expect(await b.get('sw1')).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
      await deleteKeys(prefix);
    }
  });
});
