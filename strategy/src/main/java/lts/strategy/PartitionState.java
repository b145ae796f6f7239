package lts.strategy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lts.contracts.RaceEventCodec;
import lts.core.event.RaceEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one partition of race-events: its feeds, what the database holds of them, the
 * records read but not committed yet. Records are applied live (read by the runner: a record
 * that cannot be applied becomes a row of {@code rejected_events}) or replayed (a restore: their
 * effects and rejections are in the database already).
 */
final class PartitionState {

  private static final Logger log = LoggerFactory.getLogger(PartitionState.class);

  /** What became of a record. */
  enum Outcome { APPLIED, DUPLICATE, REJECTED }

  final int partition;
  final Map<String, FeedModel> feeds = new LinkedHashMap<>();
  final RowCache cache = new RowCache();
  final List<RejectedRow> rejected = new ArrayList<>();
  long nextOffset;
  long committedOffset;
  /** What metrics_offsets holds for the partition, -1 for no row (fencing). */
  long storedOffset = -1;
  private final RaceEventCodec codec;

  PartitionState(int partition, RaceEventCodec codec) {
    this.partition = partition;
    this.codec = codec;
  }

  /** True when something read is not committed yet. */
  boolean pending() {
    return nextOffset != committedOffset || !rejected.isEmpty();
  }

  /** Applies one record to its feed's model; {@code live}: rejections are recorded. */
  Outcome apply(ConsumerRecord<String, byte[]> record, boolean live) {
    String text = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
    RaceEvent event;
    try {
      event = codec.fromJson(text);
    } catch (IllegalArgumentException e) {
      return reject(record, null, text, "undecodable: " + e.getMessage(), live);
    }
    if (event == null) {
      return reject(record, null, text, "undecodable: empty record", live);
    }
    if (event.eventCode() == null || event.eventCode().isBlank() || event.eventCode().length() > 64) {
      return reject(record, event, text, "bad event code (empty or over 64 characters)", live);
    }
    FeedModel feed = feeds.computeIfAbsent(event.eventCode(), FeedModel::new);
    long before = feed.duplicates;
    String why;
    try {
      why = feed.apply(event);
    } catch (RuntimeException e) {
      why = "cannot apply: " + e;
      log.warn("event {} at offset {} cannot be applied", event.id(), record.offset(), e);
    }
    if (why != null) {
      return reject(record, event, text, why, live);
    }
    return feed.duplicates != before ? Outcome.DUPLICATE : Outcome.APPLIED;
  }

  private Outcome reject(ConsumerRecord<String, byte[]> record, RaceEvent e, String text,
      String why, boolean live) {
    if (live) { // else recorded when it was first read
      log.warn("rejected record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          why);
      rejected.add(RejectedRow.of(record.topic(), record.partition(), record.offset(),
          record.key(), e, text, why));
    }
    return Outcome.REJECTED;
  }

  /** The move of the partition's offset that a transaction of what was read commits. */
  Writes.OffsetMove offsetMove() {
    return new Writes.OffsetMove(partition, nextOffset, storedOffset);
  }

  /** {@code w}, the transaction of what was read, committed. */
  void committed(Writes w) {
    cache.committed(w);
    rejected.clear();
    committedOffset = nextOffset;
    storedOffset = nextOffset;
    feeds.values().forEach(f -> f.sessions.values().forEach(SessionModel::clean));
  }
}
