import { SnmpType, type Varbind } from '../../../src/probes/snmp/varbind';
import { encodeMib, type EncodedMib } from '../../../src/simulate/mib';
import {
  DecodedRequest,
  PDU_GET,
  PDU_GETBULK,
  PDU_GETNEXT,
  PDU_RESPONSE,
  PDU_SET,
  VERSION_1,
  VERSION_2C,
  decodeRequest,
  decodeResponse,
  encodeRequest,
  type DecodedResponse,
  type RequestSpec,
} from '../../../src/simulate/request';
import { ERR_NO_ACCESS, ERR_NO_SUCH_NAME, ERR_TOO_BIG, MAX_UDP_PAYLOAD, Responder, type RespondOptions } from '../../../src/simulate/respond';

const vb = (oid: string, type: number, value: Varbind['value']): Varbind => ({ oid, type, value });

const DEVICE: Varbind[] = [
  vb('1.3.6.1.2.1.1.1.0', SnmpType.OctetString, Buffer.from('lab device')),
  vb('1.3.6.1.2.1.1.3.0', SnmpType.TimeTicks, 12345),
  vb('1.3.6.1.2.1.1.5.0', SnmpType.OctetString, Buffer.from('lab-1')),
  vb('1.3.6.1.2.1.2.2.1.2.1', SnmpType.OctetString, Buffer.from('eth0')),
  vb('1.3.6.1.2.1.2.2.1.2.2', SnmpType.OctetString, Buffer.from('eth1')),
  vb('1.3.6.1.2.1.2.2.1.10.1', SnmpType.Counter32, 100),
  vb('1.3.6.1.2.1.2.2.1.10.2', SnmpType.Counter32, 200),
  vb('1.3.6.1.2.1.31.1.1.1.6.1', SnmpType.Counter64, 2n ** 40n),
  vb('1.3.6.1.2.1.31.1.1.1.6.2', SnmpType.Counter64, 7n),
  vb('1.3.6.1.2.1.43.11.1.1.9.1.1', SnmpType.Integer, -3),
];

function mibOf(varbinds: Varbind[]): EncodedMib {
  const { mib, problems } = encodeMib(varbinds);
  expect(problems).toEqual([]);
  return mib;
}

const mib = mibOf(DEVICE);
const responder = new Responder();
const req = new DecodedRequest();

function ask(spec: Partial<RequestSpec> & { oids: string[] }, opts: Partial<RespondOptions> = {}, device = mib): DecodedResponse {
  const datagram = encodeRequest({ version: VERSION_2C, community: 'lab', pduType: PDU_GET, requestId: 4242, ...spec });
  expect(decodeRequest(datagram, req)).toBeUndefined();
  const out = responder.respond(req, datagram, device, { maxMessageSize: MAX_UDP_PAYLOAD, ...opts });
  if (out === undefined) throw new Error('no response');
  expect(out.length).toBeLessThanOrEqual(opts.maxMessageSize ?? MAX_UDP_PAYLOAD);
  const decoded = decodeResponse(out);
  if ('kind' in decoded) throw new Error(`undecodable response: ${decoded.reason}`);
  expect(responder.varbinds).toBe(decoded.varbinds.length);
  return decoded;
}

const names = (r: DecodedResponse): string[] => r.varbinds.map((v) => `${v.oid}=${v.type}`);

describe('GET', () => {
  it('answers values, echoes request-id, version and community', () => {
    const r = ask({ oids: ['1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.31.1.1.1.6.1', '1.3.6.1.2.1.43.11.1.1.9.1.1'] });
    expect(r).toMatchObject({ version: VERSION_2C, community: 'lab', pduType: PDU_RESPONSE, requestId: 4242, errorStatus: 0, errorIndex: 0 });
    expect(r.varbinds).toEqual([DEVICE[2], DEVICE[7], DEVICE[9]]);
  });

  it('v2c: noSuchInstance when the object exists, noSuchObject otherwise', () => {
    const r = ask({ oids: ['1.3.6.1.2.1.2.2.1.2.9', '1.3.6.1.2.1.1.3', '1.3.6.1.2.1.1.99.0', '1.3.6.1.2.1.1.1.0', '1.2'] });
    expect(names(r)).toEqual([
      `1.3.6.1.2.1.2.2.1.2.9=${SnmpType.NoSuchInstance}`,
      `1.3.6.1.2.1.1.3=${SnmpType.NoSuchInstance}`,
      `1.3.6.1.2.1.1.99.0=${SnmpType.NoSuchObject}`,
      `1.3.6.1.2.1.1.1.0=${SnmpType.OctetString}`,
      `1.2=${SnmpType.NoSuchObject}`,
    ]);
    expect(r.errorStatus).toBe(0);
  });

  it('v1: a missing name is noSuchName at its index with the request varbinds echoed', () => {
    const r = ask({ version: VERSION_1, oids: ['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.99.0'] });
    expect(r).toMatchObject({ version: VERSION_1, errorStatus: ERR_NO_SUCH_NAME, errorIndex: 2 });
    expect(r.varbinds).toEqual([vb('1.3.6.1.2.1.1.1.0', SnmpType.Null, null), vb('1.3.6.1.2.1.1.99.0', SnmpType.Null, null)]);
  });

  it('v1: Counter64 does not exist (RFC 3584)', () => {
    const r = ask({ version: VERSION_1, oids: ['1.3.6.1.2.1.31.1.1.1.6.1'] });
    expect(r).toMatchObject({ errorStatus: ERR_NO_SUCH_NAME, errorIndex: 1 });
  });

  it('tooBig: v2c carries no varbinds, v1 echoes the request', () => {
    const big = mibOf([vb('1.3.6.1.4.1.9.1.0', SnmpType.OctetString, Buffer.alloc(1000, 0x41))]);
    const v2 = ask({ oids: ['1.3.6.1.4.1.9.1.0'] }, { maxMessageSize: 500 }, big);
    expect(v2).toMatchObject({ errorStatus: ERR_TOO_BIG, errorIndex: 0, varbinds: [] });
    const v1 = ask({ version: VERSION_1, oids: ['1.3.6.1.4.1.9.1.0'] }, { maxMessageSize: 500 }, big);
    expect(v1).toMatchObject({ errorStatus: ERR_TOO_BIG, errorIndex: 0, varbinds: [vb('1.3.6.1.4.1.9.1.0', SnmpType.Null, null)] });
  });

  it('many varbinds in one request', () => {
    const oids = Array.from({ length: 600 }, (_, i) => DEVICE[i % DEVICE.length].oid);
    const r = ask({ oids });
    expect(r.varbinds.map((v) => v.oid)).toEqual(oids);
  });

  it('SET is refused: noAccess (v2c), noSuchName (v1)', () => {
    expect(ask({ pduType: PDU_SET, oids: ['1.3.6.1.2.1.1.5.0'] })).toMatchObject({ errorStatus: ERR_NO_ACCESS, errorIndex: 1 });
    expect(ask({ version: VERSION_1, pduType: PDU_SET, oids: ['1.3.6.1.2.1.1.5.0'] })).toMatchObject({ errorStatus: ERR_NO_SUCH_NAME, errorIndex: 1 });
  });

  it('answers another request-id when told to (wrong-request-id fault)', () => {
    expect(ask({ oids: ['1.3.6.1.2.1.1.1.0'] }, { requestId: -7 }).requestId).toBe(-7);
  });
});

describe('GETNEXT', () => {
  it('returns the next name, from anywhere in the tree', () => {
    const r = ask({ pduType: PDU_GETNEXT, oids: ['1.3', '1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.2.2.1.2', '1.3.6.1.2.1.2.2.1.2.1.5', '1.3.6.1.2.1.2.2.1.99'] });
    expect(r.varbinds.map((v) => v.oid)).toEqual([
      '1.3.6.1.2.1.1.1.0',
      '1.3.6.1.2.1.1.3.0',
      '1.3.6.1.2.1.2.2.1.2.1',
      '1.3.6.1.2.1.2.2.1.2.2',
      '1.3.6.1.2.1.31.1.1.1.6.1',
    ]);
  });

  it('v2c: endOfMibView past the last name, named as asked', () => {
    const r = ask({ pduType: PDU_GETNEXT, oids: ['1.3.6.1.2.1.43.11.1.1.9.1.1', '1.4'] });
    expect(names(r)).toEqual([`1.3.6.1.2.1.43.11.1.1.9.1.1=${SnmpType.EndOfMibView}`, `1.4=${SnmpType.EndOfMibView}`]);
  });

  it('v1: skips Counter64 and ends with noSuchName', () => {
    const next = ask({ version: VERSION_1, pduType: PDU_GETNEXT, oids: ['1.3.6.1.2.1.2.2.1.10.2'] });
    expect(next.varbinds.map((v) => v.oid)).toEqual(['1.3.6.1.2.1.43.11.1.1.9.1.1']);
    const end = ask({ version: VERSION_1, pduType: PDU_GETNEXT, oids: ['1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.43.11.1.1.9.1.1'] });
    expect(end).toMatchObject({ errorStatus: ERR_NO_SUCH_NAME, errorIndex: 2 });
  });

  it('loop fault: answers the greatest name below the one asked (or the name asked)', () => {
    const r = ask({ pduType: PDU_GETNEXT, oids: ['1.3.6.1.2.1.1.3.0', '1.3.6.1.2.1.1.4', '1.2'] }, { loop: true });
    expect(names(r)).toEqual([`1.3.6.1.2.1.1.1.0=${SnmpType.OctetString}`, `1.3.6.1.2.1.1.3.0=${SnmpType.TimeTicks}`, `1.2=${SnmpType.Null}`]);
  });
});

describe('GETBULK', () => {
  it('non-repeaters once, repeaters max-repetitions times, row by row', () => {
    const r = ask({ pduType: PDU_GETBULK, nonRepeaters: 1, maxRepetitions: 2, oids: ['1.3.6.1.2.1.1.3', '1.3.6.1.2.1.2.2.1.2', '1.3.6.1.2.1.2.2.1.10'] });
    expect(r.varbinds.map((v) => v.oid)).toEqual([
      '1.3.6.1.2.1.1.3.0',
      '1.3.6.1.2.1.2.2.1.2.1',
      '1.3.6.1.2.1.2.2.1.10.1',
      '1.3.6.1.2.1.2.2.1.2.2',
      '1.3.6.1.2.1.2.2.1.10.2',
    ]);
  });

  it('past the end: endOfMibView named by the last name returned, and stops once every column ended', () => {
    const r = ask({ pduType: PDU_GETBULK, maxRepetitions: 10, oids: ['1.3.6.1.2.1.31.1.1.1.6.2', '1.3.6.1.2.1.43.11.1.1.9'] });
    expect(names(r)).toEqual([
      `1.3.6.1.2.1.43.11.1.1.9.1.1=${SnmpType.Integer}`,
      `1.3.6.1.2.1.43.11.1.1.9.1.1=${SnmpType.Integer}`,
      `1.3.6.1.2.1.43.11.1.1.9.1.1=${SnmpType.EndOfMibView}`,
      `1.3.6.1.2.1.43.11.1.1.9.1.1=${SnmpType.EndOfMibView}`,
    ]);
  });

  it('negative non-repeaters/max-repetitions count as 0; more non-repeaters than varbinds is all of them', () => {
    expect(ask({ pduType: PDU_GETBULK, nonRepeaters: -5, maxRepetitions: -1, oids: ['1.3'] }).varbinds).toEqual([]);
    expect(ask({ pduType: PDU_GETBULK, nonRepeaters: 9, maxRepetitions: 9, oids: ['1.3', '1.3.6.1.2.1.1.1.0'] }).varbinds.map((v) => v.oid)).toEqual([
      '1.3.6.1.2.1.1.1.0',
      '1.3.6.1.2.1.1.3.0',
    ]);
  });

  it('cuts repetitions to fit the message size and walks a 10,000-row table completely', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => vb(`1.3.6.1.4.1.99999.1.1.2.${i + 1}`, SnmpType.OctetString, Buffer.from(`row ${i + 1} `.repeat(4))));
    const table = mibOf(rows);
    const seen: string[] = [];
    let from = '1.3.6.1.4.1.99999';
    let requests = 0;
    for (;;) {
      const r = ask({ pduType: PDU_GETBULK, maxRepetitions: 1000, oids: [from] }, { maxMessageSize: 1472 }, table);
      requests++;
      expect(r.varbinds.length).toBeGreaterThan(0);
      const got = r.varbinds.filter((v) => v.type !== SnmpType.EndOfMibView);
      seen.push(...got.map((v) => v.oid));
      if (got.length < r.varbinds.length) break;
      from = got[got.length - 1].oid;
    }
    expect(seen).toEqual(rows.map((v) => v.oid));
    expect(requests).toBeGreaterThan(300); // 1472-byte datagrams hold ~30 of these rows
  });

  it('loop fault: every repetition repeats a name not past the one asked', () => {
    const r = ask({ pduType: PDU_GETBULK, maxRepetitions: 3, oids: ['1.3.6.1.2.1.2.2.1.2.1'] }, { loop: true });
    expect(r.varbinds.map((v) => v.oid)).toEqual(['1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.1.5.0']);
  });
});

describe('decodeRequest', () => {
  const good = encodeRequest({ version: VERSION_2C, community: 'public', pduType: PDU_GETBULK, requestId: -99, nonRepeaters: 1, maxRepetitions: 25, oids: ['1.3.6.1.2.1.1', '1.3.6.1.2.1.2.2.1.2'] });

  it('reads every field', () => {
    expect(decodeRequest(good, req)).toBeUndefined();
    expect(req).toMatchObject({ version: VERSION_2C, community: 'public', pduType: PDU_GETBULK, requestId: -99, nonRepeaters: 1, maxRepetitions: 25, count: 2 });
    expect([req.oid(0), req.oid(1)]).toEqual(['1.3.6.1.2.1.1', '1.3.6.1.2.1.2.2.1.2']);
  });

  it('does not answer v3, traps, responses, or GETBULK in v1', () => {
    // SEQUENCE { version 3, msgGlobalData, msgSecurityParameters, scopedPDU } (contents irrelevant)
    const v3 = Buffer.from('3009' + '020103' + '3000' + '0400' + '3000', 'hex');
    expect(decodeRequest(v3, req)).toMatchObject({ kind: 'unsupported' });
    expect(decodeRequest(encodeRequest({ version: VERSION_2C, community: 'c', pduType: 0xa7, requestId: 1, oids: [] }), req)).toMatchObject({ kind: 'unsupported' });
    expect(decodeRequest(encodeRequest({ version: VERSION_2C, community: 'c', pduType: PDU_RESPONSE, requestId: 1, oids: [] }), req)).toMatchObject({ kind: 'unsupported' });
    expect(decodeRequest(encodeRequest({ version: VERSION_1, community: 'c', pduType: PDU_GETBULK, requestId: 1, oids: ['1.3'] }), req)).toMatchObject({
      kind: 'unsupported',
      reason: 'GETBULK in SNMPv1',
    });
  });

  it('reports every cut-off or corrupted datagram as malformed without throwing', () => {
    for (let len = 0; len < good.length; len++) {
      expect(decodeRequest(good.subarray(0, len), req)).toMatchObject({ kind: 'malformed' });
    }
    expect(decodeRequest(Buffer.concat([good, Buffer.from([0])]), req)).toMatchObject({ kind: 'malformed', reason: 'message: bytes after the message' });
    let seed = 1;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      const junk = Buffer.from(good);
      for (let k = rand(4); k >= 0; k--) junk[rand(junk.length)] = rand(256);
      const problem = decodeRequest(junk, req);
      // Whatever the flips did, the answer is a verdict (or a request that decodes cleanly).
      expect(problem === undefined || problem.kind === 'malformed' || problem.kind === 'unsupported').toBe(true);
      if (problem === undefined) expect(() => responder.respond(req, junk, mib, { maxMessageSize: MAX_UDP_PAYLOAD })).not.toThrow();
    }
    expect(decodeRequest(Buffer.from(Array.from({ length: 300 }, () => rand(256))), req)).toBeDefined();
  });

  it('rejects out-of-range request-ids and sub-identifiers', () => {
    const message = (pdu: string): Buffer => {
      const content = '020101' + '04067075626c6963' + pdu;
      return Buffer.from('30' + (content.length / 2).toString(16).padStart(2, '0') + content, 'hex');
    };
    // request-id 2^31: five content bytes
    expect(decodeRequest(message('a00f' + '02050080000000' + '020100' + '020100' + '3000'), req)).toMatchObject({
      kind: 'malformed',
      reason: 'request-id: not a 32-bit integer',
    });
    // one varbind named 1.3.4294967296
    expect(decodeRequest(message('a018' + '020101' + '020100' + '020100' + '300d' + '300b' + '06072b908080800000' + '0500'), req)).toMatchObject({
      kind: 'malformed',
      reason: 'varbind 1: sub-identifier out of range',
    });
    expect(decodeRequest(message('a018' + '020101' + '020100' + '020100' + '300d' + '300b' + '06072b8fffffff7f01' + '0500'), req)).toBeUndefined();
    expect(req.oid(0)).toBe('1.3.4294967295.1');
  });
});
