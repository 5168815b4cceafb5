/**
 * Which /metrics shard a device's series are served from: FNV-1a (32 bit) of the device name's
 * UTF-8 bytes, modulo the shard count. Pure and stable: the same name lands in the same shard in
 * every process and release, as long as the operator keeps `http.metrics_shards`.
 */
export function shardOf(device: string, count: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(device, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}

/** One shard of `count`; undefined in an exposition means every device. */
export interface Shard {
  index: number;
  count: number;
}
