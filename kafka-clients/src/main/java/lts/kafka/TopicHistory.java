package lts.kafka;

import org.apache.kafka.common.TopicPartition;

/**
 * What a runner that rebuilds its state from a topic (the parser's engines, the metrics' models)
 * finds when it re-reads a partition up to its group's committed offset; one policy for all:
 * <ul>
 *   <li>the committed offset is past the partition's end: the topic was deleted and created again
 *       under the group, so the state cannot be rebuilt. Continuing would skip or repeat history:
 *       the runner fails with what to do ({@link #problem}).</li>
 *   <li>the partition does not start at 0: records were deleted (retention), so the rebuilt state
 *       misses its beginning. The runner goes on with what is left and warns
 *       ({@link #warning}).</li>
 * </ul>
 *
 * @param partition the partition
 * @param begin its first offset
 * @param end its end offset (the next offset to be written)
 * @param committed the group's committed offset, where consuming resumes (0 when none)
 */
public record TopicHistory(TopicPartition partition, long begin, long end, long committed) {

  /**
   * Why the state cannot be rebuilt (the runner fails), or null: the offset committed by the
   * consumer group {@code group}.
   */
  public String problem(String group) {
    return problem("the group " + group + " committed", "reset the group's offsets "
        + "(kafka-consumer-groups --reset-offsets --to-earliest) and empty what it wrote");
  }

  /**
   * The same, the offset kept elsewhere: {@code kept} says by whom ("the database applied it up
   * to"), {@code remedy} what to do.
   */
  public String problem(String kept, String remedy) {
    if (committed > end) {
      return partition + " ends at offset " + end + " but " + kept + " " + committed
          + ": the topic was recreated; " + remedy + ", then start again";
    }
    return null;
  }

  /** What the rebuilt state misses (the runner goes on), or null. */
  public String warning() {
    if (begin > 0) {
      return partition + " starts at offset " + begin + ", not 0: records were deleted "
          + "(retention), so the rebuilt state misses their history; the topic needs "
          + "retention.ms=-1";
    }
    return null;
  }

  /** True when records before the committed offset are there to re-read. */
  public boolean hasHistory() {
    return committed > begin;
  }
}
