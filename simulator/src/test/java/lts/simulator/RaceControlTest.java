package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RaceControlTest {

  private final List<SampleRace.Sent> sent = new ArrayList<>();
  private final List<RacingTeam> teams = SampleRace.teams(2);
  private final Standings standings = new Standings(teams);
  private final ApexFeed<RuntimeException> feed = new ApexFeed<>(SampleRace.connection(sent),
      SampleRace.TIMELINE, "1H RESISTENCIA SIMULADA", FeedStyle.SANTOS, teams);
  private final TruthRecorder truth = new TruthRecorder();
  private final EventQueue queue = new EventQueue();
  private final RaceControl<RuntimeException> control = new RaceControl<>(SampleRace.TIMELINE,
      feed, standings, truth, queue, new SplittableRandom(3));

  @Test
  void theGreenLightStartsTheCountdownAndTheLog() {
    assertThat(control.light()).isEqualTo("lr");
    control.green(45_000);

    assertThat(control.light()).isEqualTo("lg");
    assertThat(sent).extracting(SampleRace.Sent::text).containsExactly("light|lg|\n"
        + "com||<p><b>00:00</b><span data-flag=\"green\"></span>Start</p>\n"
        + "dyn1|countdown|3600000");
  }

  @Test
  void theCountdownIsSilentDuringTheYellowButKeepsTicking() {
    control.countdown(500_000, false);
    control.countdown(1_030_000, false);

    assertThat(sent).extracting(SampleRace.Sent::text)
        .containsExactly("dyn1|countdown|" + (3_705_000 - 500_000 - 60_000));
    EventQueue.Scheduled next = queue.next();
    assertThat(next.event()).isInstanceOf(SimEvent.Countdown.class);
    assertThat(next.at()).isBetween(500_000 + 29_800L, 500_000 + 30_200L);
    assertThat(queue.next().at()).isBetween(1_030_000 + 29_800L, 1_030_000 + 30_200L);
  }

  @Test
  void theCountdownStopsWithTheFlagOrTheEndOfTheRace() {
    control.countdown(500_000, true);
    control.countdown(3_705_000, false);
    control.chequered(3_710_000);
    control.countdown(600_000, false);

    assertThat(sent).isEmpty();
    assertThat(queue.next()).isNull();
    assertThat(control.flagOut()).isTrue();
    assertThat(control.chequeredAt()).isEqualTo(3_710_000);
    assertThat(control.light()).isEqualTo("lf");
  }

  @Test
  void theYellowShowsTheFrozenCountdown() {
    control.yellow(1_000_000);
    control.yellowEnd(1_060_000);

    assertThat(sent).extracting(SampleRace.Sent::text).containsExactly(
        "light|ly|\ndyn1|countdown|2645000",
        "light|lg|\ncom||<p><b>00:17</b><span data-flag=\"green\"></span>Start</p>\n"
            + "dyn1|countdown|2645000");
  }

  @Test
  void aPenaltyIsAnnouncedThenItsLapsAreTakenOff() {
    RacingTeam punished = teams.get(0);
    punished.laps = 10;
    teams.get(1).laps = 10;
    teams.get(1).reachedAt = 5;
    control.announcePenalty(punished, 1_200_000, 2, "VELOCIDAD EN PIT");
    control.applyPenalty(punished, 1_210_000, 2, "VELOCIDAD EN PIT");

    assertThat(sent).extracting(SampleRace.Sent::text).containsExactly(
        "com||<p><b>00:20</b><span data-flag=\"penalty\"></span><span class=\"com_no "
            + "notc65535\">1</span>Penalizaci\u00f3n - VELOCIDAD EN PIT - 2 Vueltas</p>",
        "msg|msgp|N\u00ba.1 TEAM 1 : Penalizaci\u00f3n - VELOCIDAD EN PIT - 2 Vueltas",
        "r1c12|pena1|2 Vta.\nr1c6|in|8\nr1c2|sd|\nr1c3||2\nr2c2|su|\nr2c3||1\nr2|#|1\nr1|#|2");
    assertThat(punished.laps).isEqualTo(8);
    assertThat(punished.position).isEqualTo(2);
  }

  @Test
  void noPenaltyBelowZeroLapsOrAfterTheFinish() {
    RacingTeam t = teams.get(0);
    control.applyPenalty(t, 1_000, 1, "X");
    t.laps = 5;
    t.finished = true;
    control.applyPenalty(t, 2_000, 1, "X");
    assertThat(sent).isEmpty();
    assertThat(t.laps).isEqualTo(5);
  }

  @Test
  void thePenaltyIsScheduledInTheMiddleOfTheRace() {
    control.schedulePenalty(teams);
    EventQueue.Scheduled announced = queue.next();
    EventQueue.Scheduled applied = queue.next();

    SimEvent.PenaltyAnnounced a = (SimEvent.PenaltyAnnounced) announced.event();
    SimEvent.PenaltyApplied p = (SimEvent.PenaltyApplied) applied.event();
    assertThat(announced.at() - 45_000).isBetween(1_260_000L, 2_700_000L);
    assertThat(applied.at() - announced.at()).isBetween(3_000L, 18_000L);
    assertThat(p.team()).isSameAs(a.team());
    assertThat(p.laps()).isEqualTo(a.laps()).isBetween(1, 2);
    assertThat(RaceControl.PENALTY_REASONS).contains(p.reason());
  }
}
