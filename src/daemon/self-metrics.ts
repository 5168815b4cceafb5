import type { SelfMetrics } from '../metrics/self';
import type { JobQueue, JobState } from '../queue/types';

const STATES: JobState[] = ['waiting', 'active', 'delayed', 'completed', 'failed'];

/**
 * Pull-style self-metrics, read from the queue at scrape time rather than tracked on every event.
 * `scheduler`: this process stands for the schedule writer's election (its leader gauge exists).
 */
export async function refreshQueueMetrics(self: SelfMetrics, queue: JobQueue, scheduler = false): Promise<void> {
  // First and without Redis: the leader gauge is right even when the counts below time out.
  if (scheduler) self.schedulerLeader.set(queue.isLeader() ? 1 : 0);
  const [counts, workers] = await Promise.all([queue.counts(), queue.workerCount()]);
  for (const state of STATES) self.queueJobs.set({ state }, counts[state] ?? 0);
  self.workersSeen.set(workers);
}
