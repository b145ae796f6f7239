package lts.recordings;

import com.fasterxml.jackson.core.JsonFactory;
import java.time.DateTimeException;

/**
 * Frames of a {@link RecordingFormat#METADATA_CONTAINER}: a {@code {"metadata": {…}}} line, then
 * {@code {"timestamp": ISO-8601 instant, "data": frame}} per line. The metadata gives the event
 * code of the frames after it (a repeated metadata line, as after a recorder restart, gives the
 * code of the frames that follow it).
 *
 * <p>The same rules as the other JSON formats: a line that is not valid JSON, or a frame without its
 * text or with a missing or unreadable timestamp, is skipped and counted; lines with other keys
 * only (recorder notes) and frames whose text is blank are skipped without being counted.
 */
final class MetadataContainerParser implements FrameParser {

  private final JsonFactory json;
  private final String eventCodeOverride;
  private final String fileEventCode;
  private String eventCode;
  private long skipped;

  /**
   * @param fileEventCode the event code derived from the file name, for metadata that names none
   * @param eventCodeOverride the caller's event code for every frame, or null
   */
  MetadataContainerParser(JsonFactory json, String fileEventCode, String eventCodeOverride) {
    this.json = json;
    this.fileEventCode = fileEventCode;
    this.eventCodeOverride = eventCodeOverride;
    this.eventCode = fileEventCode;
  }

  /** True when the line is a {@code {"metadata": {…}}} object, the first line of the format. */
  static boolean isMetadataLine(JsonFactory json, byte[] bytes, int start, int length) {
    return ContainerLine.read(json, bytes, start, length) instanceof ContainerLine.Metadata;
  }

  @Override
  public RecordedFrame accept(byte[] bytes, int start, int length, long lineNumber) {
    if (LineSource.isBlank(bytes, start, length)) {
      return null;
    }
    ContainerLine line = ContainerLine.read(json, bytes, start, length);
    if (line instanceof ContainerLine.Metadata metadata) {
      eventCode = metadata.eventCode(fileEventCode);
      return null;
    }
    if (line instanceof ContainerLine.Frame frame) {
      return frame(frame);
    }
    if (line instanceof ContainerLine.Malformed) {
      skipped++;
    }
    return null;
  }

  @Override
  public RecordedFrame finish() {
    return null;
  }

  @Override
  public long skippedLines() {
    return skipped;
  }

  private RecordedFrame frame(ContainerLine.Frame frame) {
    if (frame.data() == null || frame.timestamp() == null) {
      skipped++;
      return null;
    }
    long at;
    try {
      at = Math.floorDiv(JsonLineParser.epochNanos(frame.timestamp()), 1_000_000L);
    } catch (DateTimeException | ArithmeticException e) {
      skipped++;
      return null;
    }
    if (LineSource.isBlank(frame.data())) {
      return null;
    }
    return new RecordedFrame(eventCodeOverride == null ? eventCode : eventCodeOverride, at,
        frame.data());
  }
}
