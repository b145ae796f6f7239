package lts.recordings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContainerLineTest {

  private static final JsonFactory JSON = new JsonFactory();

  private static ContainerLine read(String line) {
    byte[] bytes = ("xx" + line).getBytes(StandardCharsets.UTF_8);
    return ContainerLine.read(JSON, bytes, 2, bytes.length - 2);
  }

  @Test
  void metadataKeepsTheWebsocketUrlAndCircuitAndIgnoresEverythingElse() {
    assertThat(read("{\"metadata\":{\"circuit\":\"santos\",\"n\":[1,{\"circuit\":\"no\"}],"
        + "\"websocketUrl\":\"wss://h:1/\",\"recordingStartTime\":\"2025-11-09T09:44:00Z\"}}"))
        .isEqualTo(new ContainerLine.Metadata("wss://h:1/", "santos"));
    assertThat(read("{\"metadata\":{\"circuit\":7}}"))
        .isEqualTo(new ContainerLine.Metadata(null, null));
  }

  @Test
  void aLineWithDataIsAFrameWhateverItsOtherKeys() {
    assertThat(read("{\"timestamp\":\"2025-11-09T09:44:02.527Z\",\"data\":\"a|b|c\\nd\"}"))
        .isEqualTo(new ContainerLine.Frame("2025-11-09T09:44:02.527Z", "a|b|c\nd"));
    assertThat(read("{\"data\":{\"x\":1},\"seq\":2,\"timestamp\":5}"))
        .isEqualTo(new ContainerLine.Frame(null, null));
  }

  @Test
  void anObjectWithNeitherMetadataNorDataIsANote() {
    assertThat(read("{\"timestamp\":\"2025-11-09T09:44:02Z\",\"note\":\"reconnect\"}"))
        .isEqualTo(new ContainerLine.Note());
    assertThat(read("{}")).isEqualTo(new ContainerLine.Note());
  }

  @Test
  void anythingButExactlyOneJsonObjectOrAMetadataThatIsNoObjectIsMalformed() {
    assertThat(read("not json")).isEqualTo(new ContainerLine.Malformed());
    assertThat(read("[1]")).isEqualTo(new ContainerLine.Malformed());
    assertThat(read("{\"data\":\"cut")).isEqualTo(new ContainerLine.Malformed());
    assertThat(read("{\"data\":\"a\"} {}")).isEqualTo(new ContainerLine.Malformed());
    assertThat(read("{\"metadata\":null}")).isEqualTo(new ContainerLine.Malformed());
    assertThat(read("{\"metadata\":\"santos\",\"data\":\"a\"}"))
        .isEqualTo(new ContainerLine.Malformed());
  }
}
