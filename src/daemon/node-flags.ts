/**
 * Node/V8 flags every quarkpulse process runs with. They cannot be set from inside a running
 * process (V8 reads them when the heap is set up), so they are passed where node starts: the
 * shebang of bin/quarkpulse.js, `npm start`, the Dockerfile's ENTRYPOINT (a test keeps those
 * three in step with this list), and bench/scale.ts for the processes it forks.
 *
 * --no-memory-reducer: a poller wakes every few seconds for a burst of probes and idles in
 * between, and each idle spell is what V8's memory reducer waits for to run full collections
 * that shrink the heap — which the next burst grows again. Without it, polling 1,000 devices at
 * the schedules' pace cost 1.38–1.53 instead of 1.88–2.18 CPU-s per 1,000 polls, and a worker
 * 1.65 instead of 2.35 (bench/scale.ts); the price is a heap that stays at its working size
 * (~160 MB RSS for a worker of 1,000 devices) instead of shrinking between bursts.
 */
export const DAEMON_NODE_FLAGS: readonly string[] = ['--no-memory-reducer'];
