package lts.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FirstLineTest {

  private static final Path FILE = Path.of("/recordings/santos-3h.ndjson.gz");

  private static FirstLine read(String content) throws IOException {
    LineSource lines = new LineSource(
        new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), FILE, 1024);
    return FirstLine.read(FILE, lines, RecordingReader.Options.DEFAULTS);
  }

  @Test
  void theFirstNonBlankLineDecidesTheFormat() throws IOException {
    assertThat(read("\n \n2026-04-25 08:00:01\ninit|r|\n").format())
        .isEqualTo(RecordingFormat.TIMESTAMP_LOG);
    assertThat(read("{\"v\":1,\"started_at\":\"2026-05-31T06:18:31Z\"}\n").format())
        .isEqualTo(RecordingFormat.JSONL_WITH_HEADER);
    assertThat(read("{\"t\":1000,\"raw\":\"init|r|\"}\n").format())
        .isEqualTo(RecordingFormat.NDJSON);
    assertThat(read("{\"metadata\":{\"circuit\":\"santos\"}}\n").format())
        .isEqualTo(RecordingFormat.METADATA_CONTAINER);
    assertThat(read("{\"event_code\":\"santos\",\"data\":\"init|r|\",\"created_at\":1}\n")
        .format()).isEqualTo(RecordingFormat.ENVELOPES);
  }

  @Test
  void aFirstLineThatIsAFrameIsReturnedWithTheFileNamesEventCode() throws IOException {
    FirstLine first = read("\r\n{\"t\":1000,\"raw\":\"init|r|\"}\n");

    assertThat(first.frame()).isEqualTo(new RecordedFrame("santos-3h", 1000, "init|r|"));
  }

  @Test
  void aHeaderOrMetadataLineCompletesNoFrame() throws IOException {
    assertThat(read("{\"metadata\":{\"circuit\":\"santos\"}}\n").frame()).isNull();
    assertThat(read("2026-04-25 08:00:01\n").frame()).isNull();
  }

  @Test
  void nothingButBlankLinesReadsAsEnvelopesWithoutAFrame() throws IOException {
    FirstLine first = read("\n\t\n");

    assertThat(first.format()).isEqualTo(RecordingFormat.ENVELOPES);
    assertThat(first.frame()).isNull();
  }

  @Test
  void anyOtherFirstLineIsNotARecordingAndIsQuoted() {
    assertThatThrownBy(() -> read("kart,lap\tx\n1,2\n"))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessage("not an Apex recording: " + FILE + ": first line is \"kart,lap\\x09x\";"
            + " expected a timestamp log, JSON lines with t/msg or t/raw, or LTS envelopes, or a"
            + " {\"metadata\":…} line then timestamp/data lines");
  }
}
