package lts.recordings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * What the first non-blank line of a recording decides: its format, the parser for the lines that
 * follow, and the frame the line itself completes (an envelope or ndjson line is one; a header,
 * metadata or timestamp line is not). A recording with no such line (no bytes, blank lines only,
 * an empty gzip) reads as {@link RecordingFormat#ENVELOPES} with zero frames, since that is what
 * {@link RecordingWriter} leaves before its first frame.
 *
 * @param format the format detected
 * @param parser the parser that has taken the first line, for the rest of the recording
 * @param frame the frame the first line completes, or null
 */
record FirstLine(RecordingFormat format, FrameParser parser, RecordedFrame frame) {

  private static final int SHOWN_FIRST_LINE = 80;
  private static final String EXPECTED = "expected a timestamp log, JSON lines with t/msg or t/raw,"
      + " or LTS envelopes, or a {\"metadata\":…} line then timestamp/data lines";

  /**
   * Reads lines up to the first non-blank one and detects the format from it.
   *
   * @param path the recording, for the event code of its file name and for error messages
   * @throws RecordingFormatException when the line is none of the formats, or longer than
   *     {@link RecordingReader.Options#maxLineBytes()}, or the gzip stream ends or is corrupt
   *     before it
   * @throws IOException when reading fails otherwise
   */
  static FirstLine read(Path path, LineSource lines, RecordingReader.Options options)
      throws IOException {
    String fileEventCode = EventCodes.fromFileName(path);
    String override = options.eventCode();
    JsonFactory json = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(Math.max(options.maxLineBytes(),
                StreamReadConstraints.DEFAULT_MAX_STRING_LEN))
            .build())
        .build();
    try {
      while (lines.next()) {
        byte[] bytes = lines.buffer();
        int start = lines.lineStart();
        int length = lines.lineLength();
        if (LineSource.isBlank(bytes, start, length)) {
          continue;
        }
        RecordingFormat format = TimestampLogParser.isTimestamp(bytes, start, length)
            ? RecordingFormat.TIMESTAMP_LOG
            : MetadataContainerParser.isMetadataLine(json, bytes, start, length)
                ? RecordingFormat.METADATA_CONTAINER
                : JsonLineParser.detect(json, bytes, start, length);
        if (format == null) {
          throw notARecording(path, lines, json);
        }
        FrameParser parser = switch (format) {
          case TIMESTAMP_LOG -> new TimestampLogParser(path,
              override == null ? fileEventCode : override, options.zone(), options.maxLineBytes());
          case METADATA_CONTAINER -> new MetadataContainerParser(json, fileEventCode, override);
          case JSONL_WITH_HEADER, NDJSON, ENVELOPES ->
              new JsonLineParser(format, json, fileEventCode, override);
        };
        return new FirstLine(format, parser,
            parser.accept(bytes, start, length, lines.lineNumber()));
      }
    } catch (LineSource.LineTooLongException e) {
      throw new RecordingFormatException("not an Apex recording: " + path + " has no line break in"
          + " its first " + LineSource.describeBytes(options.maxLineBytes()) + "; " + EXPECTED, e);
    } catch (EOFException e) {
      throw new RecordingFormatException("recording " + path + " is truncated after 0 frames"
          + " (gzip stream ended early, before its first line)", e);
    } catch (ZipException e) {
      throw new RecordingFormatException("recording " + path + " is a corrupt gzip file ("
          + e.getMessage() + ")", e);
    }
    RecordingFormat empty = RecordingFormat.ENVELOPES;
    return new FirstLine(empty, new JsonLineParser(empty, json, fileEventCode, override), null);
  }

  private static RecordingFormatException notARecording(Path path, LineSource lines,
      JsonFactory json) {
    byte[] bytes = lines.buffer();
    int start = lines.lineStart();
    int length = lines.lineLength();
    if (JsonLineParser.isFrameWithoutHeader(json, bytes, start, length)) {
      return new RecordingFormatException("recording " + path + " has JSON lines with t/msg but no"
          + " header line before them (line " + lines.lineNumber() + "): the times are relative to"
          + " the header's started_at; add the header {\"v\":1,\"circuit_url\":…,\"started_at\":…}"
          + " as the first line");
    }
    return new RecordingFormatException("not an Apex recording: " + path + ": first line is "
        + quote(bytes, start, length) + "; " + EXPECTED);
  }

  /** The start of a line, in quotes, with control characters escaped. */
  private static String quote(byte[] bytes, int start, int length) {
    int decoded = Math.min(length, SHOWN_FIRST_LINE * 4);
    String text = new String(bytes, start, decoded, StandardCharsets.UTF_8);
    int shown = Math.min(text.length(), SHOWN_FIRST_LINE);
    StringBuilder quoted = new StringBuilder("\"");
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        quoted.append(String.format("\\x%02x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    quoted.append('"');
    if (shown < text.length() || decoded < length) {
      quoted.append('…');
    }
    return quoted.toString();
  }
}
