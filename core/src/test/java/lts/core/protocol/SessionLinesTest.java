package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import lts.core.event.Light;
import lts.core.event.LightChanged;
import lts.core.event.RaceControlMessage;
import lts.core.event.RemainingTime;
import lts.core.event.SessionInfoChanged;
import lts.core.event.SessionKind;
import lts.core.event.SessionStarted;
import lts.core.event.UnparsedLine;
import org.junit.jupiter.api.Test;

class SessionLinesTest {

  private final EventLog log = new EventLog();
  private final DerivedLaps derived = new DerivedLaps(log.events, log.counters);
  private final PitLane pitLane = new PitLane(log.events);
  private final RaceControl raceControl = new RaceControl(log.events);
  private final SessionTracking sessions = new SessionTracking(log.events,
      new LapPairing(log.events, log.counters, derived),
      new GridRows(log.events, new CompetitorNames(log.events), pitLane,
          new DerivedLaps(log.events, log.counters)), raceControl);
  private final SessionLines lines =
      new SessionLines(log.events, log.counters, sessions, raceControl);

  private void read(String text) {
    for (FrameLine line : FrameLine.split(text)) {
      lines.read(line);
    }
  }

  @Test
  void initKindsAndClockKindsComeFromTheParam() {
    assertThat(SessionLines.sessionKind("r")).isEqualTo(SessionKind.RACE);
    assertThat(SessionLines.sessionKind("p")).isEqualTo(SessionKind.PRACTICE);
    assertThat(SessionLines.sessionKind("n")).isEqualTo(SessionKind.NONE);
    assertThat(SessionLines.sessionKind("q")).isNull();
    assertThat(SessionLines.clockKind("countdown")).isEqualTo(RemainingTime.Clock.COUNTDOWN);
    assertThat(SessionLines.clockKind("count")).isEqualTo(RemainingTime.Clock.ELAPSED);
    assertThat(SessionLines.clockKind("text")).isEqualTo(RemainingTime.Clock.TEXT);
    assertThat(SessionLines.clockKind("other")).isNull();
  }

  @Test
  void clockValuesAreMillisecondsOfUpTo18Digits() {
    assertThat(SessionLines.milliseconds("3600000")).isEqualTo(3_600_000L);
    assertThat(SessionLines.milliseconds("")).isEqualTo(-1);
    assertThat(SessionLines.milliseconds("12a")).isEqualTo(-1);
    assertThat(SessionLines.milliseconds("1234567890123456789")).isEqualTo(-1);
  }

  @Test
  void whatAnInitAnnouncesArrivesWithTheSession() {
    read("init|r|\ntitle1||12H\ntitle2||CARRERA\ntrack||ADULTO\nlight|lg|\n"
        + "dyn1|countdown|3600000\nmsg||GO");
    sessions.resolvePending();

    assertThat(log.emitted).extracting(e -> e.getClass().getSimpleName()).containsExactly(
        "SessionStarted", "LightChanged", "RemainingTime", "RaceControlMessage");
    SessionStarted started = (SessionStarted) log.emitted.get(0);
    assertThat(started.kind()).isEqualTo(SessionKind.RACE);
    assertThat(started.title1()).isEqualTo("12H");
    assertThat(started.track()).isEqualTo("ADULTO");
    assertThat(((RemainingTime) log.emitted.get(2)).ms()).isEqualTo(3_600_000L);
  }

  @Test
  void afterTheSnapshotLinesChangeTheRunningSession() {
    read("init|p|\ntitle1||FREE");
    sessions.resolvePending();
    log.emitted.clear();

    read("title2||PRACTICE\nlight|lr|\ncom||<b>WET</b> TRACK\ndyn1|text|0:45:00\n"
        + "title2||PRACTICE");

    assertThat(log.only(SessionInfoChanged.class))
        .extracting(SessionInfoChanged::title1, SessionInfoChanged::title2)
        .containsExactly(tuple("FREE", "PRACTICE"));
    assertThat(log.only(LightChanged.class)).extracting(LightChanged::light)
        .containsExactly(Light.RED);
    assertThat(log.only(RaceControlMessage.class)).extracting(RaceControlMessage::text)
        .containsExactly("WET TRACK");
    assertThat(log.only(RemainingTime.class)).extracting(RemainingTime::ms)
        .containsExactly(45 * 60_000L);
  }

  @Test
  void decorationIsIgnoredAndUnknownKeysOrValuesAreUnparsed() {
    read("css|no1|color:#fff\nwth1||sun\ninit|x|\nfoo|a|b\nlight|lz|\ndyn1|count|soon\n"
        + "dyn1|lap|3");

    assertThat(log.counters.stats().ignoredLines()).isEqualTo(2);
    assertThat(log.only(UnparsedLine.class)).extracting(UnparsedLine::reason).containsExactly(
        "unknown_key", "unknown_key", "bad_value", "bad_value", "unknown_key");
  }
}
