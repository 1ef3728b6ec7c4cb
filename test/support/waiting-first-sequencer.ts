/**
 * vitest's order (failed first, then longest by the last run's durations, or largest without
 * them), except that the files which wait on servers in real time (test/e2e: scrapes, minute
 * evaluations, remote write, `for` durations) start first: their minutes of waiting then
 * overlap the CPU-bound files. Without a cache (a fresh CI checkout) vitest would order
 * them by size, and the longest of them, multi-cluster, would start after a third of the suite.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const waitsOnServers = (file: TestSpecification) => file.moduleId.includes('/test/e2e/');

export default class WaitingFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter(waitsOnServers), ...sorted.filter((file) => !waitsOnServers(file))];
  }
}
