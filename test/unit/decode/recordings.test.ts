/**
 * Every LibreNMS recording, decoded by every module from a network-free walk of exactly the
 * module's columns, against the values written down in test/expected/recordings.ts.
 */
import { SNMP_MODULES } from '../../../src/probes/snmp/modules';
import type { Sample } from '../../../src/metrics/names';
import { EXPECTED_RECORDINGS } from '../../expected/recordings';
import { expectRecordingSamples, seriesKey } from '../../helpers/expect-recording';
import { recordingNames } from '../../helpers/recordings';
import { walkRecording } from '../../helpers/snmp-walk';

function decodeAll(name: string): Sample[] {
  const out: Sample[] = [];
  for (const mod of Object.values(SNMP_MODULES)) out.push(...mod.decode(walkRecording(name, mod)));
  return out;
}

describe('LibreNMS recordings', () => {
  it('has an expectation for every recording (25)', () => {
    expect(recordingNames()).toEqual(Object.keys(EXPECTED_RECORDINGS).sort());
    expect(recordingNames()).toHaveLength(25);
  });

  describe.each(Object.keys(EXPECTED_RECORDINGS).sort())('%s', (name) => {
    const exp = EXPECTED_RECORDINGS[name];
    const samples = decodeAll(name);

    it('system', () => expectRecordingSamples(samples, exp, ['system']));
    it('interfaces', () => expectRecordingSamples(samples, exp, ['interfaces']));
    it('printer', () => expectRecordingSamples(samples, exp, ['printer']));
    it('host', () => expectRecordingSamples(samples, exp, ['host']));

    it('emits no duplicate series and only finite values', () => {
      const keys = samples.map(seriesKey);
      expect(keys.length - new Set(keys).size).toBe(0);
      expect(samples.filter((s) => !Number.isFinite(s.value))).toEqual([]);
    });
  });
});
