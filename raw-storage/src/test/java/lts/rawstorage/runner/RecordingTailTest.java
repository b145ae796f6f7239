package lts.rawstorage.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import lts.contracts.Envelope;
import lts.recordings.KafkaPosition;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import lts.recordings.RecordingWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingTailTest {

  private static final String TOPIC = "raw-messages";

  @TempDir
  Path dir;

  /** Writes lines of the given partitions and offsets. */
  private Path recording(String name, int[][] partitionOffsets) throws IOException {
    Path file = dir.resolve(name);
    try (RecordingWriter writer = RecordingWriter.open(file)) {
      for (int[] po : partitionOffsets) {
        writer.write(Envelope.of("santos", "r1c1|in|" + po[1], "ws-listener", 1000L + po[1]),
            new KafkaPosition(TOPIC, po[0], po[1]));
      }
    }
    return file;
  }

  private static int[][] partition(int partition, int from, int to) {
    int[][] lines = new int[to - from + 1][];
    for (int i = from; i <= to; i++) {
      lines[i - from] = new int[] {partition, i};
    }
    return lines;
  }

  @Test
  void aTornLastLineIsCutAfterTheLastCompleteLine() throws IOException {
    Path file = recording("santos.jsonl", partition(0, 0, 2));
    byte[] complete = Files.readAllBytes(file);
    String torn = "{\"event_code\":\"santos\",\"data\":\"r1c1|in|3\",\"sou";
    Files.writeString(file, torn, StandardOpenOption.APPEND);

    RecordingTail.Result result = RecordingTail.scan(file, TOPIC, Map.of());

    assertThat(Files.readAllBytes(file)).isEqualTo(complete);
    assertThat(result.repairedBytes()).isEqualTo(torn.length());
    assertThat(result.lastOffsets()).containsExactly(Map.entry(0, 2L));
    try (RecordingReader reader = RecordingReader.open(file)) {
      List<RecordedFrame> frames = new ArrayList<>();
      reader.forEachRemaining(frames::add);
      assertThat(frames).hasSize(3);
      assertThat(reader.skippedLines()).isZero();
    }
  }

  @Test
  void aFileWithOnlyATornLineBecomesEmpty() throws IOException {
    Path file = Files.writeString(dir.resolve("x.jsonl"), "{\"event_code\":\"san");
    RecordingTail.Result result = RecordingTail.scan(file, TOPIC, Map.of());
    assertThat(Files.size(file)).isZero();
    assertThat(result.repairedBytes()).isEqualTo(18);
    assertThat(result.lastOffsets()).isEmpty();
  }

  @Test
  void afterACleanStopOnlyTheLastLineIsRead() throws IOException {
    Path file = recording("santos.jsonl", partition(0, 0, 9));
    RecordingTail.Result result = RecordingTail.scan(file, TOPIC, Map.of(0, 10L));
    assertThat(result.lastOffsets()).containsExactly(Map.entry(0, 9L));
    assertThat(result.linesRead()).isEqualTo(1);
    assertThat(result.repairedBytes()).isZero();
  }

  @Test
  void afterACrashTheLinesAboveTheCommittedOffsetAreRead() throws IOException {
    Path file = recording("santos.jsonl", partition(0, 0, 9));
    RecordingTail.Result result = RecordingTail.scan(file, TOPIC, Map.of(0, 5L));
    assertThat(result.lastOffsets()).containsExactly(Map.entry(0, 9L));
    assertThat(result.linesRead()).isEqualTo(6); // 9, 8, 7, 6, 5 and 4, the first committed
  }

  @Test
  void aFileMixingPartitionsGivesTheLastOffsetOfEach() throws IOException {
    // like _invalid/<date>.jsonl: records of both partitions, interleaved batch by batch
    Path file = recording("mixed.jsonl", new int[][] {
        {0, 0}, {1, 0}, {0, 1}, {1, 1}, {0, 2}, {0, 3}, {1, 2}, {0, 4}});
    assertThat(RecordingTail.scan(file, TOPIC, Map.of(0, 2L, 1, 2L)).lastOffsets())
        .containsExactlyInAnyOrderEntriesOf(Map.of(0, 4L, 1, 2L));
    assertThat(RecordingTail.scan(file, TOPIC, Map.of()).lastOffsets())
        .containsExactlyInAnyOrderEntriesOf(Map.of(0, 4L, 1, 2L));
  }

  @Test
  void withoutCommittedOffsetsTheWholeFileIsRead() throws IOException {
    Path file = recording("santos.jsonl", partition(0, 0, 99));
    RecordingTail.Result result = RecordingTail.scan(file, TOPIC, Map.of());
    assertThat(result.linesRead()).isEqualTo(100);
    assertThat(result.lastOffsets()).containsExactly(Map.entry(0, 99L));
  }

  @Test
  void readingStopsAtALineWithoutPositionOrFromAnotherTopicAndSkipsGarbage() throws IOException {
    Path file = dir.resolve("mixed.jsonl");
    try (RecordingWriter writer = RecordingWriter.open(file)) {
      writer.write(Envelope.of("santos", "old", "ws", 1), new KafkaPosition(TOPIC, 0, 50));
      writer.write(new RecordedFrame("santos", 2, "no position"), "import");
      writer.write(Envelope.of("santos", "a", "ws", 3), new KafkaPosition("other", 0, 99));
      writer.write(Envelope.of("santos", "b", "ws", 4), new KafkaPosition(TOPIC, 0, 7));
    }
    Files.write(file, new byte[] {0, 0, 0, '\n'}, StandardOpenOption.APPEND); // a power cut's zeros
    Files.writeString(file, "\n", StandardOpenOption.APPEND);
    RecordingTail.Result result = RecordingTail.scan(file, TOPIC, Map.of());
    assertThat(result.lastOffsets()).containsExactly(Map.entry(0, 7L));
    assertThat(result.unreadableLines()).isEqualTo(1);
    assertThat(result.linesRead()).isEqualTo(3); // zeros, offset 7, other topic
  }

  @Test
  void backwardLinesGiveEveryLineOfAnyFileInReverse() throws IOException {
    Random random = new Random(7);
    for (int round = 0; round < 30; round++) {
      List<byte[]> lines = new ArrayList<>();
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      int count = random.nextInt(40);
      for (int i = 0; i < count; i++) {
        int length = random.nextInt(10) == 0 ? random.nextInt(200_000) : random.nextInt(100);
        byte[] line = new byte[length];
        for (int b = 0; b < length; b++) {
          line[b] = (byte) ('a' + random.nextInt(26));
        }
        lines.add(line);
        content.write(line);
        content.write('\n');
      }
      Path file = dir.resolve("round" + round);
      Files.write(file, content.toByteArray());
      List<String> read = new ArrayList<>();
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        RecordingTail.BackwardLines backward =
            new RecordingTail.BackwardLines(channel, channel.size());
        byte[] line;
        while ((line = backward.previous()) != null) {
          read.add(0, new String(line, StandardCharsets.US_ASCII));
        }
      }
      assertThat(read).hasSize(lines.size());
      for (int i = 0; i < lines.size(); i++) {
        assertThat(read.get(i)).isEqualTo(new String(lines.get(i), StandardCharsets.US_ASCII));
      }
    }
  }
}
