package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import lts.core.event.CompetitorRegistered;
import lts.core.event.LapCompleted;
import lts.core.event.RaceEvent;
import lts.core.event.SessionKind;
import lts.core.event.SessionResumed;
import lts.core.event.SessionStarted;
import lts.core.event.UnparsedLine;
import org.junit.jupiter.api.Test;

class SessionTrackingTest {

  private final EventLog log = new EventLog();
  private final DerivedLaps derived = new DerivedLaps(log.events, log.counters);
  private final LapPairing laps = new LapPairing(log.events, log.counters, derived);
  private final SessionTracking sessions = new SessionTracking(log.events, laps,
      new GridRows(log.events, new CompetitorNames(log.events), new PitLane(log.events),
          new DerivedLaps(log.events, log.counters)),
      new RaceControl(log.events));

  private final Frames twoTeams = Frames.endurance()
      .row(10, 1, "no=no1:7", "dr=dr:KTA", "tlp=in:3")
      .row(11, 2, "no=no2:12", "dr=dr:ANA", "tlp=in:3");

  private void snapshot(String title1, Frames rows) {
    sessions.init(SessionKind.RACE);
    sessions.snapshot().title1 = title1;
    sessions.snapshot().title2 = "CARRERA";
    sessions.grid(rows.grid().substring("grid||".length()));
  }

  @Test
  void anInitWithItsGridStartsASessionWithItsRows() {
    snapshot("12H", twoTeams);

    assertThat(sessions.current().number).isEqualTo(1);
    assertThat(sessions.snapshot()).isNull();
    assertThat(log.emitted.get(0)).isInstanceOf(SessionStarted.class);
    assertThat(log.only(CompetitorRegistered.class)).extracting(CompetitorRegistered::name)
        .containsExactly("KTA", "ANA");
  }

  @Test
  void theSameSessionReSentIsResumedNotStartedAgain() {
    snapshot("12H", twoTeams);
    log.emitted.clear();
    snapshot("12H", twoTeams);

    assertThat(sessions.current().number).isEqualTo(1);
    assertThat(log.emitted).singleElement().isInstanceOf(SessionResumed.class);
  }

  @Test
  void anotherSessionGetsTheNextNumber() {
    snapshot("12H", twoTeams);
    snapshot("4H", twoTeams);

    assertThat(sessions.current().number).isEqualTo(2);
    assertThat(log.only(SessionStarted.class)).extracting(RaceEvent::session)
        .containsExactly(1, 2);
  }

  @Test
  void aLapWaitingForItsTimeIsEmittedBeforeTheNextSession() {
    snapshot("12H", twoTeams);
    Session first = sessions.current();
    laps.lapsCell(first, first.find(10), EventLog.line("r10c6|in|4"));
    snapshot("4H", twoTeams);

    assertThat(log.only(LapCompleted.class)).singleElement()
        .satisfies(lap -> assertThat(lap.session()).isEqualTo(1));
  }

  @Test
  void aCutGridIsUnparsedButItsRowsAreKept() {
    String cut = twoTeams.grid().substring("grid||".length());
    sessions.init(SessionKind.RACE);
    sessions.grid(cut.substring(0, cut.indexOf("<tr data-id=\"r11\"")));

    assertThat(log.only(UnparsedLine.class)).extracting(UnparsedLine::reason)
        .containsExactly("bad_grid");
    assertThat(sessions.current().size()).isEqualTo(1);
  }

  @Test
  void aGridWithoutHeaderChangesNothing() {
    sessions.grid("<tbody></tbody>");

    assertThat(sessions.current()).isNull();
    assertThat(log.only(UnparsedLine.class)).hasSize(1);
  }
}
