package lts.recordings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/**
 * Frames of the JSON-lines formats ({@link RecordingFormat#JSONL_WITH_HEADER},
 * {@link RecordingFormat#NDJSON}, {@link RecordingFormat#ENVELOPES}), one line at a time with
 * Jackson's streaming parser.
 *
 * <p>A line that carries the format's frame key ({@code msg}, {@code raw}, {@code data}) or a
 * header ({@code started_at}) but is not valid JSON, or lacks the text or the time, is skipped and
 * counted. Lines with other keys only (recorder notes such as {@code event_meta}) are skipped
 * without being counted, and so are frames whose text is blank.
 */
final class JsonLineParser implements FrameParser {

  private final RecordingFormat format;
  private final JsonFactory json;
  private final String fileEventCode;
  private final String eventCodeOverride;
  private final Line line = new Line();
  private String headerEventCode;
  private long startedAtNanos;
  private boolean headerSeen;
  private long skipped;

  /**
   * @param fileEventCode the event code derived from the file name, for lines that carry none
   * @param eventCodeOverride the caller's event code for every frame, or null
   */
  JsonLineParser(RecordingFormat format, JsonFactory json, String fileEventCode,
      String eventCodeOverride) {
    this.format = format;
    this.json = json;
    this.fileEventCode = fileEventCode;
    this.eventCodeOverride = eventCodeOverride;
  }

  /**
   * The JSON format whose first line this is, or null when it is none (including a {@code t/msg}
   * line, which needs a header before it: see {@link #isFrameWithoutHeader}).
   */
  static RecordingFormat detect(JsonFactory json, byte[] bytes, int start, int length) {
    Line first = new Line();
    if (!first.read(json, bytes, start, length)) {
      return null;
    }
    if (first.hasStartedAt) {
      return RecordingFormat.JSONL_WITH_HEADER;
    }
    if (first.hasData && (first.eventCode != null || first.hasCreatedAt)) {
      return RecordingFormat.ENVELOPES;
    }
    if (first.hasRaw && first.hasTime) {
      return RecordingFormat.NDJSON;
    }
    return null;
  }

  /** True when the line is a {@code {"t":…,"msg":…}} frame (a JSONL file that lost its header). */
  static boolean isFrameWithoutHeader(JsonFactory json, byte[] bytes, int start, int length) {
    Line first = new Line();
    return first.read(json, bytes, start, length) && first.hasMsg && first.hasTime;
  }

  @Override
  public RecordedFrame accept(byte[] bytes, int start, int length, long lineNumber) {
    if (LineSource.isBlank(bytes, start, length)) {
      return null;
    }
    if (!line.read(json, bytes, start, length)) {
      skipped++;
      return null;
    }
    switch (format) {
      case JSONL_WITH_HEADER:
        return jsonlWithHeader();
      case NDJSON:
        return line.hasRaw ? frame(line.raw, line.hasTime, line.timeMillis, fileEventCode) : null;
      case ENVELOPES:
        return line.hasData
            ? frame(line.data, line.hasCreatedAt, line.createdAt,
                line.eventCode == null || line.eventCode.isBlank() ? fileEventCode : line.eventCode)
            : null;
      default:
        throw new IllegalStateException("not a JSON format: " + format);
    }
  }

  @Override
  public RecordedFrame finish() {
    return null;
  }

  @Override
  public long skippedLines() {
    return skipped;
  }

  private RecordedFrame jsonlWithHeader() {
    if (line.hasStartedAt) {
      if (line.startedAt == null) {
        skipped++;
        return null;
      }
      try {
        startedAtNanos = epochNanos(line.startedAt);
      } catch (DateTimeException | ArithmeticException e) {
        skipped++;
        return null;
      }
      String fromUrl = EventCodes.fromCircuitUrl(line.circuitUrl);
      headerEventCode = fromUrl == null ? fileEventCode : fromUrl;
      headerSeen = true;
      return null;
    }
    if (!line.hasMsg) {
      return null;
    }
    if (!headerSeen) {
      skipped++;
      return null;
    }
    long at = Math.floorDiv(startedAtNanos + Math.round(line.timeSeconds * 1e9), 1_000_000L);
    return frame(line.msg, line.hasTime, at, headerEventCode);
  }

  private RecordedFrame frame(String text, boolean hasTime, long at, String eventCode) {
    if (text == null || !hasTime) {
      skipped++;
      return null;
    }
    if (LineSource.isBlank(text)) {
      return null;
    }
    return new RecordedFrame(eventCodeOverride == null ? eventCode : eventCodeOverride, at, text);
  }

  /**
   * ISO date-time with an offset or zone; without one it is taken as UTC.
   *
   * @throws DateTimeException when it is not one
   * @throws ArithmeticException when it is too far from 1970 for a long of nanoseconds
   */
  static long epochNanos(String isoDateTime) {
    TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(isoDateTime.trim(),
        ZonedDateTime::from, LocalDateTime::from);
    Instant instant = parsed instanceof ZonedDateTime
        ? ((ZonedDateTime) parsed).toInstant()
        : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L),
        instant.getNano());
  }

  /** The keys of one JSON line that any of the formats uses; reused from line to line. */
  private static final class Line {
    boolean hasTime;
    double timeSeconds;
    long timeMillis;
    boolean hasMsg;
    String msg;
    boolean hasRaw;
    String raw;
    boolean hasData;
    String data;
    String eventCode;
    boolean hasCreatedAt;
    long createdAt;
    boolean hasStartedAt;
    String startedAt;
    String circuitUrl;

    /** Reads the line; false when it is not exactly one JSON object. */
    boolean read(JsonFactory json, byte[] bytes, int start, int length) {
      clear();
      try (JsonParser parser = json.createParser(bytes, start, length)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          return false;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          JsonToken value = parser.nextToken();
          if (value == null) {
            return false;
          }
          switch (name) {
            case "t":
              hasTime = value.isNumeric();
              if (hasTime) {
                timeSeconds = parser.getDoubleValue();
                timeMillis = value == JsonToken.VALUE_NUMBER_INT
                    ? parser.getLongValue() : Math.round(timeSeconds);
              }
              break;
            case "created_at":
              hasCreatedAt = value.isNumeric();
              if (hasCreatedAt) {
                createdAt = value == JsonToken.VALUE_NUMBER_INT
                    ? parser.getLongValue() : Math.round(parser.getDoubleValue());
              }
              break;
            case "msg":
              hasMsg = true;
              msg = string(parser, value);
              break;
            case "raw":
              hasRaw = true;
              raw = string(parser, value);
              break;
            case "data":
              hasData = true;
              data = string(parser, value);
              break;
            case "event_code":
              eventCode = string(parser, value);
              break;
            case "started_at":
              hasStartedAt = true;
              startedAt = string(parser, value);
              break;
            case "circuit_url":
              circuitUrl = string(parser, value);
              break;
            default:
              parser.skipChildren();
          }
        }
        return parser.currentToken() == JsonToken.END_OBJECT && parser.nextToken() == null;
      } catch (IOException e) {
        return false;
      }
    }

    private static String string(JsonParser parser, JsonToken value) throws IOException {
      if (value == JsonToken.VALUE_STRING) {
        return parser.getText();
      }
      parser.skipChildren();
      return null;
    }

    private void clear() {
      hasTime = false;
      hasMsg = false;
      msg = null;
      hasRaw = false;
      raw = null;
      hasData = false;
      data = null;
      eventCode = null;
      hasCreatedAt = false;
      hasStartedAt = false;
      startedAt = null;
      circuitUrl = null;
    }
  }
}
