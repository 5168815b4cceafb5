import type { SelfMetrics } from '../metrics/self';
import type { JobQueue, JobState } from '../queue/types';

const STATES: JobState[] = ['waiting', 'active', 'delayed', 'completed', 'failed'];

/** Pull-style self-metrics, read from the queue at scrape time rather than tracked on every event. */
export async function refreshQueueMetrics(self: SelfMetrics, queue: JobQueue): Promise<void> {
  const [counts, workers] = await Promise.all([queue.counts(), queue.workerCount()]);
  for (const state of STATES) self.queueJobs.set({ state }, counts[state] ?? 0);
  self.workersSeen.set(workers);
}
