package lts.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import lts.core.event.BestLap;
import lts.core.event.CompetitorRegistered;
import lts.core.event.DriverOnTrack;
import lts.core.event.EventTypes;
import lts.core.event.Gap;
import lts.core.event.GapChanged;
import lts.core.event.IntervalChanged;
import lts.core.event.LapCompleted;
import lts.core.event.LapCountCorrected;
import lts.core.event.LastLapShown;
import lts.core.event.Light;
import lts.core.event.LightChanged;
import lts.core.event.PitCountChanged;
import lts.core.event.PitIn;
import lts.core.event.PitOut;
import lts.core.event.PositionChanged;
import lts.core.event.RaceControlMessage;
import lts.core.event.RaceEvent;
import lts.core.event.RemainingTime;
import lts.core.event.SessionInfoChanged;
import lts.core.event.SessionKind;
import lts.core.event.SessionResumed;
import lts.core.event.SessionStarted;
import lts.core.event.UnparsedLine;
import org.junit.jupiter.api.Test;

class RaceEventCodecTest {

  private final RaceEventCodec codec = new RaceEventCodec();

  static List<RaceEvent> oneOfEach() {
    return List.of(
        new SessionStarted("e/1/0", "e", 1, 10, SessionKind.RACE, "12H", "CARRERA", "ADULTO"),
        new SessionResumed("e/1/1", "e", 1, 10, SessionKind.PRACTICE, "12H", "Q", ""),
        new SessionInfoChanged("e/1/2", "e", 1, 10, "a", "b", "c"),
        new CompetitorRegistered("e/1/3", "e", 1, 10, 22773, "3", null),
        new DriverOnTrack("e/1/4", "e", 1, 10, 22773, "VALEN \"V\" APARICIO", 6_180_000L),
        new LapCompleted("e/1/5", "e", 1, 10, 22773, 288, 66213L, "ANA", false),
        new LapCountCorrected("e/1/6", "e", 1, 10, 22773, null, 553, "feed"),
        new LastLapShown("e/1/7", "e", 1, 10, 22773, null),
        new BestLap("e/1/8", "e", 1, 10, 22773, 64511L),
        new PositionChanged("e/1/9", "e", 1, 10, 22773, 4),
        new GapChanged("e/1/10", "e", 1, 10, 22773, new Gap(Gap.Kind.LAPS, null, 2, "2 Vueltas")),
        new IntervalChanged("e/1/11", "e", 1, 10, 22773, new Gap(Gap.Kind.TIME, 1234L, null, "1.234")),
        new PitIn("e/1/12", "e", 1, 10, 22773),
        new PitOut("e/1/13", "e", 1, 10, 22773, 63000L, 7L),
        new PitCountChanged("e/1/14", "e", 1, 10, 22773, 16),
        new RemainingTime("e/1/15", "e", 1, 10, RemainingTime.Clock.COUNTDOWN, 43172718L, "43172718"),
        new LightChanged("e/1/16", "e", 1, 10, Light.SAFETY_CAR),
        new RaceControlMessage("e/1/17", "e", 1, 10, "com", "Kart 7: \u00daltima vuelta"),
        new UnparsedLine("e/1/18", "e", 1, 10, "junk_frame", "GET / HTTP/1.1\n\u0000\uFFFD"));
  }

  @Test
  void everyEventTypeSurvivesARoundTrip() {
    List<RaceEvent> events = oneOfEach();
    assertThat(events.stream().map(Object::getClass).map(Class::getName))
        .containsExactlyElementsOf(EventTypes.ALL.stream().map(Class::getName).toList());
    for (RaceEvent event : events) {
      String json = codec.toJson(event);
      assertThat(json).doesNotContain("\n");
      assertThat(codec.fromJson(json)).isEqualTo(event);
    }
  }

  @Test
  void jsonStartsWithTheTypeAndUsesSnakeCaseNames() {
    String json = codec.toJson(new LapCompleted("e/2/0", "santos", 3, 1234, 22773, 288, 66213L, null, false));
    assertThat(json).isEqualTo("{\"type\":\"lap_completed\",\"id\":\"e/2/0\",\"event_code\":\"santos\","
        + "\"session\":3,\"at\":1234,\"row_id\":22773,\"lap\":288,\"lap_time_ms\":66213,"
        + "\"driver\":null,\"derived\":false}");
  }

  @Test
  void eachEventTypeIsWrittenExactlyAsTheHandWrittenGoldenLine() throws IOException {
    List<String> golden;
    try (InputStream in = getClass().getResourceAsStream("race-events.golden.jsonl")) {
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    List<RaceEvent> events = oneOfEach();
    assertThat(golden).hasSameSizeAs(events);
    for (int i = 0; i < events.size(); i++) {
      assertThat(codec.toJson(events.get(i))).as(events.get(i).type()).isEqualTo(golden.get(i));
      assertThat(codec.fromJson(golden.get(i))).isEqualTo(events.get(i));
    }
  }

  @Test
  void textThatIsNotAnEventIsRejectedWithAReason() {
    assertThatThrownBy(() -> codec.fromJson("{\"type\":\"nope\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a race event");
    assertThatThrownBy(() -> codec.fromJson("garbage"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
