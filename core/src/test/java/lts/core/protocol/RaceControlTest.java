package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;
import lts.core.event.Light;
import lts.core.event.LightChanged;
import lts.core.event.RaceControlMessage;
import org.junit.jupiter.api.Test;

class RaceControlTest {

  private final EventLog log = new EventLog();
  private final RaceControl raceControl = new RaceControl(log.events);
  private final Session race = EventLog.race(Map.of());

  @Test
  void theLightIsAnEventOnlyWhenItChanges() {
    raceControl.light(race, Light.GREEN);
    raceControl.light(race, Light.GREEN);
    raceControl.light(race, Light.RED);

    assertThat(log.only(LightChanged.class)).extracting(LightChanged::light)
        .containsExactly(Light.GREEN, Light.RED);
  }

  @Test
  void aBlankMessageClearsItsChannelSilently() {
    raceControl.message(race, "msg", "PENALTY 7");
    raceControl.message(race, "msg", "PENALTY 7");
    raceControl.message(race, "msg", "");
    raceControl.message(race, "msg", "PENALTY 7");
    raceControl.message(race, "com", "PENALTY 7");

    assertThat(log.only(RaceControlMessage.class))
        .extracting(RaceControlMessage::channel, RaceControlMessage::text)
        .containsExactly(tuple("msg", "PENALTY 7"), tuple("msg", "PENALTY 7"),
            tuple("com", "PENALTY 7"));
  }
}
