package lts.recordings;

import java.io.BufferedOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import lts.contracts.Envelope;

/**
 * Appends frames to a recording in our own format, {@link RecordingFormat#ENVELOPES}: one JSON line
 * per frame, {@code {"event_code":…,"data":…,"source":…,"created_at":…,"updated_at":…}} with
 * {@code created_at = updated_at = frame.at()}. {@link RecordingReader} reads the file back into
 * the same frames, whatever their text.
 *
 * <p>Strings are escaped so that every line is valid JSON and nothing but {@code \n} ends a line:
 * {@code "} and {@code \}, control characters, DEL, U+0085, U+2028, U+2029 and unpaired surrogates
 * are written as escapes (an unpaired surrogate as its {@code \}{@code uXXXX} code, so that it
 * reads back unchanged); everything else, U+FFFD included, is written as UTF-8.
 *
 * <p>{@link #write(Envelope, KafkaPosition)} writes a whole envelope (its {@code updated_at} and
 * error fields too) and, optionally, where it came from in Kafka as three extra fields
 * {@code "kafka_topic"}, {@code "kafka_partition"}, {@code "kafka_offset"} (see
 * {@link KafkaPosition}); readers ignore them.
 *
 * <p>Writes are buffered: {@link #flush()} hands them to the operating system, {@link #fsync()}
 * also forces them to the disk, {@link #close()} flushes. Not thread-safe.
 */
public final class RecordingWriter implements AutoCloseable, Flushable {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final Path file;
  private final FileChannel channel;
  private final OutputStream out;
  private final StringBuilder line = new StringBuilder(4096);
  private boolean closed;

  private RecordingWriter(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
  }

  /**
   * Opens {@code file} for appending, creating it if needed (not its directories). When the file
   * does not end with a line break (a writer died in the middle of a line), one is added first, so
   * that the cut line stays alone and the new frames are readable.
   */
  public static RecordingWriter open(Path file) throws IOException {
    Path path = file.toAbsolutePath();
    boolean cutLine = endsWithoutLineBreak(path);
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    RecordingWriter writer = new RecordingWriter(path, channel);
    if (cutLine) {
      writer.out.write('\n');
    }
    return writer;
  }

  /** The file written (absolute). */
  public Path file() {
    return file;
  }

  /**
   * Appends one frame as an envelope.
   *
   * @param source the envelope's {@code source}, e.g. {@code ws-listener}
   */
  public void write(RecordedFrame frame, String source) throws IOException {
    Objects.requireNonNull(frame, "frame");
    Objects.requireNonNull(source, "source");
    if (closed) {
      throw new IOException("recording writer for " + file + " is closed");
    }
    line.setLength(0);
    appendEnvelope(line, frame.eventCode(), frame.text(), source, frame.at(), frame.at(), null,
        null, null);
    out.write(line.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Appends one envelope as it is, with its position in Kafka when given.
   *
   * @param position where the envelope was read from, or null for none
   * @return the number of bytes of the line, its line break included
   */
  public int write(Envelope envelope, KafkaPosition position) throws IOException {
    Objects.requireNonNull(envelope, "envelope");
    if (closed) {
      throw new IOException("recording writer for " + file + " is closed");
    }
    line.setLength(0);
    appendEnvelope(line, envelope.eventCode(), envelope.data(), envelope.source(),
        envelope.createdAt(), envelope.updatedAt(), envelope.errorDescription(),
        envelope.errorTrace(), position);
    byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
    out.write(bytes);
    return bytes.length;
  }

  private static void appendEnvelope(StringBuilder json, String eventCode, String data,
      String source, long createdAt, long updatedAt, String errorDescription, String errorTrace,
      KafkaPosition position) {
    json.append("{\"event_code\":");
    appendString(json, eventCode);
    json.append(",\"data\":");
    appendString(json, data);
    json.append(",\"source\":");
    appendString(json, source);
    json.append(",\"created_at\":").append(createdAt);
    json.append(",\"updated_at\":").append(updatedAt);
    if (errorDescription != null) {
      json.append(",\"error_description\":");
      appendString(json, errorDescription);
    }
    if (errorTrace != null) {
      json.append(",\"error_trace\":");
      appendString(json, errorTrace);
    }
    if (position != null) {
      json.append(",\"kafka_topic\":");
      appendString(json, position.topic());
      json.append(",\"kafka_partition\":").append(position.partition());
      json.append(",\"kafka_offset\":").append(position.offset());
    }
    json.append("}\n");
  }

  /** Hands the buffered lines to the operating system. */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Flushes, then forces the file's content and metadata to the disk. */
  public void fsync() throws IOException {
    flush();
    channel.force(true);
  }

  /**
   * Closes the file without writing the lines still in the buffer, as a crash would leave it: for
   * a caller that failed and will write those lines again. What was flushed stays.
   */
  public void abort() throws IOException {
    if (!closed) {
      closed = true;
      channel.close();
    }
  }

  /** Flushes and closes the file. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }

  private static boolean endsWithoutLineBreak(Path path) throws IOException {
    if (!Files.isRegularFile(path)) {
      return false;
    }
    try (FileChannel reading = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = reading.size();
      if (size == 0) {
        return false;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      reading.read(last, size - 1);
      return last.get(0) != '\n';
    }
  }

  /** Appends {@code text} as a JSON string; null becomes JSON {@code null}. */
  private static void appendString(StringBuilder json, String text) {
    if (text == null) {
      json.append("null");
      return;
    }
    json.append('"');
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"':
          json.append("\\\"");
          break;
        case '\\':
          json.append("\\\\");
          break;
        case '\n':
          json.append("\\n");
          break;
        case '\r':
          json.append("\\r");
          break;
        case '\t':
          json.append("\\t");
          break;
        default:
          if (Character.isHighSurrogate(c) && i + 1 < length
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            json.append(c).append(text.charAt(++i));
          } else if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029
              || Character.isSurrogate(c)) {
            json.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
          } else {
            json.append(c);
          }
      }
    }
    json.append('"');
  }
}
