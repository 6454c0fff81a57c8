import type { NewCustomerSegment, NewSegmentRun, SegmentRun, StoredCustomerSegment } from '../types/segment';

export interface SegmentRepository {
  /**
   * Stores a run and replaces every stored customer segment with `segments`, in one transaction:
   * readers see the previous run or this one, never a mix.
   */
  replaceAll(run: NewSegmentRun, segments: readonly NewCustomerSegment[]): Promise<SegmentRun>;
  findByCustomer(customerId: string): Promise<StoredCustomerSegment | null>;
  /** The newest run, or null before the first. */
  latestRun(): Promise<SegmentRun | null>;
  count(): Promise<number>;
}
