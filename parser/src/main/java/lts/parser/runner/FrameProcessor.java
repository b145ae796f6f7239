package lts.parser.runner;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import lts.contracts.EventCode;
import lts.core.event.RaceEvent;
import lts.core.event.UnparsedLine;
import lts.core.protocol.ApexEngine;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The parser's transformation of the records of ONE input partition: one {@link ApexEngine} per
 * event code, created on the code's first valid frame. A pure function of the records in offset
 * order (and of {@code maxFrameChars}): replaying the same records into a new processor gives the
 * same events with the same ids, which is what the runner's rebuild relies on. Not thread-safe.
 *
 * <p>A record is rejected (to the errors output, never to an engine) when its value is not an
 * envelope (not JSON, null, a missing field), when its {@code event_code} breaks the one rule of
 * {@link EventCode}, when the record key is not that event code (a frame of a feed
 * in another partition would split the feed between two engines and give duplicate ids), or when
 * the frame is longer than {@code maxFrameChars}. The engine's {@link UnparsedLine} events are
 * published like every event and also reported to the errors output.
 */
final class FrameProcessor {

  /** Frames copied into error envelopes are cut to this many characters (records stay under 1 MiB). */
  static final int ERROR_DATA_LIMIT = 65_536;

  /** Where the processor's results go. */
  interface Output {
    /** An event of an engine, in the engine's order. */
    void event(RaceEvent event);

    /** Something not parsed: {@code envelope} is what could be read of the record. */
    void error(Envelope envelope, String description, String trace);
  }

  /** Drops everything: the rebuild only wants the engines' state. */
  static final Output DISCARD = new Output() {
    @Override
    public void event(RaceEvent event) {
    }

    @Override
    public void error(Envelope envelope, String description, String trace) {
    }
  };

  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final int maxFrameChars;
  private final Map<String, ApexEngine> engines = new LinkedHashMap<>();

  FrameProcessor(int maxFrameChars) {
    this.maxFrameChars = maxFrameChars;
  }

  /** The engines by event code, in order of first appearance (read only). */
  Map<String, ApexEngine> engines() {
    return Collections.unmodifiableMap(engines);
  }

  /**
   * Parses one record.
   *
   * @return the event code whose engine read the frame, or null when the record was rejected
   */
  String process(ConsumerRecord<String, byte[]> record, Output out) {
    Envelope envelope;
    try {
      envelope = codec.decode(record.value());
    } catch (IllegalArgumentException e) {
      out.error(unreadable(record), "invalid envelope: " + e.getMessage(),
          where(record) + ": " + e);
      return null;
    }
    String code = envelope.eventCode();
    if (!EventCode.isValid(code)) {
      out.error(cut(envelope, record), "invalid event_code: " + EventCode.problem(code),
          where(record));
      return null;
    }
    if (!code.equals(record.key())) {
      out.error(cut(envelope, record), "record key " + (record.key() == null ? "missing"
          : "\"" + shorten(record.key(), 100) + "\"") + ": raw-messages must be keyed by the "
          + "envelope's event_code \"" + code + "\" (one feed, one partition)", where(record));
      return null;
    }
    if (envelope.data().length() > maxFrameChars) {
      out.error(cut(envelope, record), "frame too large: " + envelope.data().length()
          + " characters (limit " + maxFrameChars + "); not parsed", where(record));
      return null;
    }
    ApexEngine engine = engines.computeIfAbsent(code, ApexEngine::new);
    try {
      engine.accept(envelope.createdAt(), envelope.data(), event -> {
        out.event(event);
        if (event instanceof UnparsedLine u) {
          out.error(cut(envelope, record), u.reason() + ": " + u.line(), u.id());
        }
      });
    } catch (RuntimeException e) {
      // the engine never throws on input; should it, the frame is reported and the feed goes on
      out.error(cut(envelope, record), "parser failure: " + e, where(record) + "\n" + stackTrace(e));
    }
    return code;
  }

  /** {@code raw-messages-0@1234}: where a record is. */
  static String where(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  private static Envelope unreadable(ConsumerRecord<String, byte[]> record) {
    String key = record.key();
    String code = EventCode.isValid(key) ? key : "unknown";
    String data = record.value() == null ? ""
        : new String(record.value(), 0, Math.min(record.value().length, ERROR_DATA_LIMIT * 3 + 3),
            StandardCharsets.UTF_8);
    Envelope e = new Envelope(code, data, "unknown", record.timestamp(), record.timestamp(), null,
        null);
    return cut(e, record);
  }

  private static Envelope cut(Envelope e, ConsumerRecord<?, ?> record) {
    if (e.data().length() <= ERROR_DATA_LIMIT) {
      return e;
    }
    return new Envelope(e.eventCode(), e.data().substring(0, ERROR_DATA_LIMIT) + "\n[cut: "
        + e.data().length() + " characters; the whole record is at " + where(record) + "]",
        e.source(), e.createdAt(), e.updatedAt(), e.errorDescription(), e.errorTrace());
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  private static String stackTrace(Throwable t) {
    StringWriter text = new StringWriter();
    t.printStackTrace(new PrintWriter(text));
    String s = text.toString();
    return s.length() <= 8_000 ? s : s.substring(0, 8_000) + "…";
  }
}
