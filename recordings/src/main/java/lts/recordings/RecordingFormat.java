package lts.recordings;

/**
 * The container formats of a recording file. {@link RecordingReader} detects the format from the
 * content (gzip or not, then the first non-blank line), never from the file name.
 */
public enum RecordingFormat {

  /**
   * A line {@code YYYY-MM-DD HH:MM:SS} (local time, 1 s resolution), then the frame's lines, then
   * blank line(s); idle periods are blocks without lines.
   */
  TIMESTAMP_LOG,

  /**
   * JSON lines: a header {@code {"v":1,"circuit_url":…,"started_at":ISO-UTC,…}} (repeated when the
   * recorder restarts), then {@code {"t": seconds since started_at, "msg": frame}} per line.
   */
  JSONL_WITH_HEADER,

  /** JSON lines {@code {"t": epoch milliseconds, "raw": frame}}. */
  NDJSON,

  /**
   * JSON lines: {@code {"metadata": {"circuit": …, "websocketUrl": …, "recordingStartTime": …}}}
   * (other metadata fields ignored), then {@code {"timestamp": ISO-8601 instant, "data": frame}}
   * per line.
   */
  METADATA_CONTAINER,

  /**
   * The project's own format, written by {@link RecordingWriter}: JSON lines, each a Kafka envelope
   * {@code {"event_code", "data", "source", "created_at", "updated_at"}} (epoch milliseconds).
   */
  ENVELOPES
}
