package lts.recordings;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes small recordings for tests and reads recordings whole. */
final class RecordingFiles {

  private RecordingFiles() {
  }

  static Path plain(Path dir, String name, String content) throws IOException {
    return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
  }

  static Path gzipped(Path dir, String name, String content) throws IOException {
    return Files.write(dir.resolve(name), gzip(content.getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] gzip(byte[] content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static List<RecordedFrame> readAll(Path file) throws IOException {
    return readAll(file, RecordingReader.Options.DEFAULTS);
  }

  static List<RecordedFrame> readAll(Path file, RecordingReader.Options options)
      throws IOException {
    try (RecordingReader reader = RecordingReader.open(file, options)) {
      List<RecordedFrame> frames = new ArrayList<>();
      reader.forEachRemaining(frames::add);
      return frames;
    }
  }

  static long epochMillis(String utc) {
    return java.time.Instant.parse(utc).toEpochMilli();
  }
}
