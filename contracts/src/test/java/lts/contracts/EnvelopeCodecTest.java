package lts.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

  private final EnvelopeCodec codec = new EnvelopeCodec();

  @Test
  void envelopeSurvivesARoundTripWhateverItsText() {
    Envelope e = Envelope.of("santos", "r1c2|in|3\n\u0000\uFFFD\"\\\u2028 é", "ws-listener", 1777121642000L);
    byte[] json = codec.encode(e);
    assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("\n")
        .startsWith("{\"event_code\":\"santos\",\"data\":");
    assertThat(codec.decode(json)).isEqualTo(e);
    Envelope error = e.withError("unknown_key", "santos/12/0", "parser", 1777121643000L);
    assertThat(codec.decode(codec.encode(error))).isEqualTo(error);
  }

  @Test
  void anEnvelopeIsWrittenExactlyAsTheContractSays() {
    Envelope frame = Envelope.of("santos-12h", "r22773c9|tn|1:05.739\nr22773|*|65739|0",
        "ws-listener", 1777121642000L);
    assertThat(new String(codec.encode(frame), StandardCharsets.UTF_8)).isEqualTo(
        "{\"event_code\":\"santos-12h\",\"data\":\"r22773c9|tn|1:05.739\\nr22773|*|65739|0\","
            + "\"source\":\"ws-listener\",\"created_at\":1777121642000,\"updated_at\":1777121642000}");
    Envelope error = frame.withError("unknown_key", "santos-12h/7/0", "parser", 1777121643000L);
    assertThat(new String(codec.encode(error), StandardCharsets.UTF_8)).isEqualTo(
        "{\"event_code\":\"santos-12h\",\"data\":\"r22773c9|tn|1:05.739\\nr22773|*|65739|0\","
            + "\"source\":\"parser\",\"created_at\":1777121642000,\"updated_at\":1777121643000,"
            + "\"error_description\":\"unknown_key\",\"error_trace\":\"santos-12h/7/0\"}");
  }

  @Test
  void badRecordsAreRejectedWithAReason() {
    assertThatThrownBy(() -> codec.decode("not json")).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> codec.decode("[1,2]")).hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> codec.decode("{\"data\":\"x\",\"created_at\":1}")).hasMessageContaining("event_code");
    assertThatThrownBy(() -> codec.decode("{\"event_code\":\"a\",\"created_at\":1}")).hasMessageContaining("data");
    assertThatThrownBy(() -> codec.decode("{\"event_code\":\"a\",\"data\":\"x\"}")).hasMessageContaining("created_at");
    assertThatThrownBy(() -> codec.decode("{\"event_code\":\"a\",\"data\":5,\"created_at\":1}")).hasMessageContaining("data must be a string");
    assertThatThrownBy(() -> codec.decode((byte[]) null)).hasMessageContaining("empty");
  }

  @Test
  void unknownFieldsAreIgnored() {
    Envelope e = codec.decode("{\"event_code\":\"a\",\"data\":\"x\",\"created_at\":5,\"kafka_offset\":{\"p\":1},\"x\":[1]}");
    assertThat(e).isEqualTo(new Envelope("a", "x", "unknown", 5, 5, null, null));
  }
}
