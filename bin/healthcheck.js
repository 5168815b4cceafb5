#!/usr/bin/env node
'use strict';
// Container health checks (Dockerfile HEALTHCHECK, docker-compose.yml), in Node because the image
// has no curl: exit 0 when healthy, 1 otherwise, within 4 s.
//   node bin/healthcheck.js [URL]                  GET URL (default http://127.0.0.1:9877/-/healthy) answers 2xx
//   node bin/healthcheck.js snmp HOST:PORT COMMUNITY   an SNMP agent (the lab) answers sysUpTime
const [mode, ...args] = process.argv.slice(2);
const fail = () => process.exit(1);
setTimeout(fail, 4000).unref();

if (mode === 'snmp') {
  const [hostPort = '127.0.0.1:1161', community = 'lab-printer'] = args;
  const [host, port] = hostPort.split(':');
  const snmp = require('net-snmp');
  const session = snmp.createSession(host, community, { port: Number(port), timeout: 1500, retries: 1, version: snmp.Version2c });
  session.get(['1.3.6.1.2.1.1.3.0'], (err) => {
    session.close();
    process.exit(err ? 1 : 0);
  });
} else {
  const url = mode || process.env.QP_HEALTH_URL || 'http://127.0.0.1:9877/-/healthy';
  fetch(url, { signal: AbortSignal.timeout(3500) }).then((res) => process.exit(res.ok ? 0 : 1), fail);
}
