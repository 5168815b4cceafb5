/**
 * What this process spends between begin() and end(): CPU, bytes allocated on the JS heap
 * (v8.GCProfiler: used-before of each collection minus used-after of the previous one, plus what
 * is left at the end), RSS after. Shared by the benches that measure one step in-process.
 */
import * as v8 from 'node:v8';

export interface Cost {
  cpuMs: number;
  allocMb: number;
  rssMb: number;
}

export function costMeter(): { begin(): void; end(): Cost } {
  let profiler: v8.GCProfiler | undefined;
  let heapBefore = 0;
  let cpu0 = process.cpuUsage();
  return {
    begin() {
      profiler = new v8.GCProfiler();
      heapBefore = process.memoryUsage().heapUsed;
      cpu0 = process.cpuUsage();
      profiler.start();
    },
    end() {
      const heapEnd = process.memoryUsage().heapUsed;
      const gcs = profiler?.stop()?.statistics ?? [];
      const cpu = process.cpuUsage(cpu0);
      let allocated = 0;
      let after = heapBefore;
      for (const gc of gcs) {
        allocated += Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - after);
        after = gc.afterGC.heapStatistics.usedHeapSize;
      }
      allocated += Math.max(0, heapEnd - after);
      return { cpuMs: (cpu.user + cpu.system) / 1000, allocMb: allocated / 2 ** 20, rssMb: process.memoryUsage().rss / 2 ** 20 };
    },
  };
}
