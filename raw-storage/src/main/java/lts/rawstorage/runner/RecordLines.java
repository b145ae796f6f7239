package lts.rawstorage.runner;

import io.micrometer.core.instrument.Counter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka record → the line to store: its envelope, in the directory of its event code, or, when
 * it is not a valid envelope, an {@code _invalid} envelope that says why (a null value, oversized,
 * not an envelope, an event code that cannot name a directory, a {@code created_at} outside
 * 1970–9999) and keeps the value (base64 when it is not UTF-8, its first
 * {@value #OVERSIZED_KEPT_BYTES} bytes when oversized).
 */
final class RecordLines {

  private static final Logger log = LoggerFactory.getLogger(RecordLines.class);

  /** Directory of the records that are not valid envelopes. */
  static final String INVALID_DIRECTORY = "_invalid";
  /** Event code of the envelopes written to {@link #INVALID_DIRECTORY}. */
  static final String INVALID_EVENT_CODE = "_invalid";
  /** {@code source} of the envelopes written to {@link #INVALID_DIRECTORY}. */
  static final String SOURCE = "raw-storage";
  /** Bytes of an oversized record kept in its {@code _invalid} envelope. */
  static final int OVERSIZED_KEPT_BYTES = 64 * 1024;
  /** Latest {@code created_at} accepted: 9999-12-31T23:59:59.999Z (a 4-digit year in the file name). */
  static final long MAX_CREATED_AT = 253_402_300_799_999L;
  /** Invalid records logged as warnings; the later ones are logged at debug level. */
  private static final int WARNED_INVALID = 100;
  /** Event codes whose renaming to a directory is logged (once each). */
  private static final int WARNED_EVENT_CODES = 1000;

  /** The line of a record, and the directory of its file. */
  sealed interface Line {

    /** The directory under the output path, named by its event code. */
    String directory();

    /** What the line holds; its {@code created_at} gives the file's day. */
    Envelope envelope();

    /** A valid envelope, stored in the directory of its event code. */
    record Event(String directory, Envelope envelope) implements Line {
    }

    /** A record that is not a valid envelope: stored in {@code _invalid}, with the reason. */
    record Invalid(Envelope envelope) implements Line {
      @Override
      public String directory() {
        return INVALID_DIRECTORY;
      }
    }
  }

  private final int maxRecordBytes;
  private final Counter recordsInvalid;
  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final Set<String> warnedEventCodes = new HashSet<>();

  /**
   * @param maxRecordBytes a longer record is not an envelope
   * @param recordsInvalid the invalid records stored so far: the first ones are logged as warnings
   */
  RecordLines(int maxRecordBytes, Counter recordsInvalid) {
    this.maxRecordBytes = maxRecordBytes;
    this.recordsInvalid = Objects.requireNonNull(recordsInvalid, "recordsInvalid");
  }

  /** The line for a record: its envelope in its event's directory, or an error in {@code _invalid}. */
  Line lineOf(ConsumerRecord<String, byte[]> record) {
    byte[] value = record.value();
    String reason;
    if (value == null) {
      reason = "null value (a tombstone or an empty record), not an envelope";
    } else if (value.length > maxRecordBytes) {
      reason = "oversized record: " + value.length + " bytes, more than the "
          + maxRecordBytes + " accepted; data holds "
          + (value.length > OVERSIZED_KEPT_BYTES
              ? "its first " + OVERSIZED_KEPT_BYTES + " bytes" : "all of it");
    } else {
      reason = null;
      Envelope envelope;
      try {
        envelope = codec.decode(value);
      } catch (RuntimeException e) {
        envelope = null;
        reason = "not an envelope: " + e.getMessage();
      }
      if (envelope != null) {
        reason = problemOf(envelope);
        if (reason == null) {
          return eventLine(envelope);
        }
      }
    }
    return invalidLine(record, reason);
  }

  /** Why a decoded envelope cannot be stored as it is, or null. */
  private static String problemOf(Envelope envelope) {
    if (EventDirectories.of(envelope.eventCode()) == null) {
      return "event_code cannot name a directory (blank or longer than "
          + EventDirectories.MAX_LENGTH + " characters)";
    }
    if (envelope.createdAt() < 0 || envelope.createdAt() > MAX_CREATED_AT) {
      return "created_at " + envelope.createdAt() + " is not a time between 1970 and 9999"
          + " (epoch milliseconds)";
    }
    return null;
  }

  private Line eventLine(Envelope envelope) {
    String directory = EventDirectories.of(envelope.eventCode());
    if (!directory.equals(envelope.eventCode()) && warnedEventCodes.size() < WARNED_EVENT_CODES
        && warnedEventCodes.add(envelope.eventCode())) {
      log.warn("event code {} is stored under {}/ (directory names are [a-z0-9_-], not"
          + " starting with _; the lines keep the event code as sent)",
          quote(envelope.eventCode()), directory);
    }
    return new Line.Event(directory, envelope);
  }

  private Line invalidLine(ConsumerRecord<String, byte[]> record, String reason) {
    byte[] value = record.value();
    long at = record.timestamp() >= 0 && record.timestamp() <= MAX_CREATED_AT
        ? record.timestamp() : 0;
    String data;
    if (value == null) {
      data = "";
    } else {
      byte[] kept = value.length > maxRecordBytes && value.length > OVERSIZED_KEPT_BYTES
          ? Arrays.copyOf(value, OVERSIZED_KEPT_BYTES) : value;
      String text = utf8(kept);
      if (text == null) {
        data = Base64.getEncoder().encodeToString(kept);
        reason += " (the value is not UTF-8 text: data holds it in base64)";
      } else {
        data = text;
      }
    }
    String trace = record.topic() + "/" + record.partition() + "@" + record.offset()
        + (record.key() == null ? "" : " key=" + record.key());
    if (recordsInvalid.count() < WARNED_INVALID) {
      log.warn("invalid record {}: {} (kept in {}/)", trace, reason, INVALID_DIRECTORY);
    } else {
      log.debug("invalid record {}: {} (kept in {}/)", trace, reason, INVALID_DIRECTORY);
    }
    return new Line.Invalid(new Envelope(INVALID_EVENT_CODE, data, SOURCE, at, at, reason, trace));
  }

  /** Valid UTF-8 decoded, or null. */
  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      quoted.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : c);
    }
    return quoted.append('"').toString();
  }
}
