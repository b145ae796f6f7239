package lts.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaceUpdateCodecTest {

  private final RaceUpdateCodec codec = new RaceUpdateCodec();

  @Test
  void anUpdateOfTheFeedIsWrittenExactlyAsTheContractSays() {
    RaceUpdate update = new RaceUpdate(new EventCode("santos"), 2, List.of("laps", "teams"),
        1777121642000L);
    assertThat(new String(codec.encode(update), StandardCharsets.UTF_8)).isEqualTo(
        "{\"event_code\":\"santos\",\"session\":2,\"tables\":[\"laps\",\"teams\"],\"at\":1777121642000}");
    assertThat(codec.decode(codec.encode(update))).isEqualTo(update);
  }

  @Test
  void aChangeMadeThroughTheApiHasNoSessionAndNoFeedInstant() {
    RaceUpdate update = RaceUpdate.madeByHand(new EventCode("santos"), null, RaceUpdate.SETTINGS);
    assertThat(new String(codec.encode(update), StandardCharsets.UTF_8)).isEqualTo(
        "{\"event_code\":\"santos\",\"session\":null,\"tables\":[\"settings\"],\"at\":null}");
    assertThat(codec.decode(codec.encode(update))).isEqualTo(update);
  }

  @Test
  void unknownFieldsAreIgnoredAndMissingOnesAreNull() {
    assertThat(codec.decode("{\"event_code\":\"a\",\"x\":{\"y\":[1]},\"tables\":[]}"
        .getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new RaceUpdate(new EventCode("a"), null, List.of(), null));
  }

  @Test
  void badUpdatesAreRejectedWithAReason() {
    assertThatThrownBy(() -> codec.decode("nope".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> codec.decode("{\"event_code\":\"Santos 12h\",\"tables\":[]}"
        .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("event code 'Santos 12h'");
    assertThatThrownBy(() -> codec.decode("{\"event_code\":\"a\",\"tables\":\"laps\"}"
        .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("tables must be an array");
    assertThatThrownBy(() -> codec.decode("{\"event_code\":\"a\",\"session\":\"1\",\"tables\":[]}"
        .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("session must be an integer");
    assertThatThrownBy(() -> codec.decode(null)).hasMessageContaining("empty");
  }
}
