package lts.strategy;

import java.util.Arrays;
import java.util.List;
import lts.core.event.RaceEvent;

/**
 * A row of {@code rejected_events}: a record of race-events that cannot be applied, where it is,
 * what it said (cut to the columns' sizes) and why.
 */
record RejectedRow(String topic, int partition, long offset, String eventId, String eventCode,
    Integer session, String type, String reason, String payload, Long at) {

  /** The insert; a record rejected again (a replay) keeps its row, with the new reason. */
  static final String INSERT = "INSERT INTO rejected_events (topic, kafka_partition, "
      + "kafka_offset, event_id, event_code, session, type, reason, payload, at) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE reason = VALUES(reason)";

  /**
   * The row of the record at {@code offset}: its event when it could be decoded (else null and
   * the record's key as event code), its text and why it cannot be applied.
   */
  static RejectedRow of(String topic, int partition, long offset, String key, RaceEvent e,
      String text, String why) {
    return new RejectedRow(topic, partition, offset, e == null ? null : cut(e.id(), 200),
        e == null ? cut(key, 64) : cut(e.eventCode(), 64), e == null ? null : e.session(),
        e == null ? null : cut(e.type(), 32), cut(why, 300), cut(text, 2000),
        e == null ? null : e.at());
  }

  /** The values in the order of {@link #INSERT}. */
  List<Object> values() {
    return Arrays.asList(topic, partition, offset, eventId, eventCode, session, type, reason,
        payload, at);
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
