package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import lts.core.event.BestLap;
import lts.core.event.CompetitorRegistered;
import lts.core.event.DriverOnTrack;
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
import lts.core.standings.LiveStandings;
import lts.core.standings.TeamStanding;
import org.junit.jupiter.api.Test;

class ApexEngineTest {

  private final ApexEngine engine = new ApexEngine("santos");
  private final List<RaceEvent> all = new ArrayList<>();
  private long clock = 1_000_000;

  private List<RaceEvent> feed(String frame) {
    clock += 1000;
    List<RaceEvent> events = engine.accept(clock, frame);
    all.addAll(events);
    return events;
  }

  private List<RaceEvent> feedAt(long receivedAt, String frame) {
    clock = receivedAt;
    List<RaceEvent> events = engine.accept(clock, frame);
    all.addAll(events);
    return events;
  }

  private static <T> List<T> only(List<RaceEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  private Frames raceWithTwoTeams() {
    return Frames.endurance()
        .row(10, 1, "no=no1:7", "dr=dr:KTA", "tlp=in:", "llp=:", "pit=in:0", "otr=in:")
        .row(11, 2, "no=no2:12", "dr=drteam:ANA [0:00]", "tlp=in:", "llp=:", "pit=in:0", "otr=in:");
  }

  @Test
  void raceSnapshotStartsASessionAndRegistersEveryRow() {
    List<RaceEvent> events = feed(raceWithTwoTeams().init('r', "12H LOS SANTOS", "CARRERA",
        "dyn1|countdown|43172718", "light|lg|"));

    SessionStarted started = only(events, SessionStarted.class).get(0);
    assertThat(started.kind()).isEqualTo(SessionKind.RACE);
    assertThat(started.title1()).isEqualTo("12H LOS SANTOS");
    assertThat(started.title2()).isEqualTo("CARRERA");
    assertThat(started.track()).isEqualTo("ADULTO (1100m)");
    assertThat(started.session()).isEqualTo(1);
    assertThat(only(events, CompetitorRegistered.class))
        .extracting(CompetitorRegistered::rowId, CompetitorRegistered::number, CompetitorRegistered::name)
        .containsExactly(tuple(10, "7", "KTA"), tuple(11, "12", null));
    assertThat(only(events, DriverOnTrack.class))
        .extracting(DriverOnTrack::rowId, DriverOnTrack::driver, DriverOnTrack::drivingTimeMs)
        .containsExactly(tuple(11, "ANA", 0L));
    assertThat(only(events, PositionChanged.class)).extracting(PositionChanged::position)
        .containsExactly(1, 2);
    assertThat(only(events, LightChanged.class)).extracting(LightChanged::light)
        .containsExactly(Light.GREEN);
    assertThat(only(events, RemainingTime.class)).extracting(RemainingTime::ms)
        .containsExactly(43172718L);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.eventCode()).isEqualTo("santos");
      assertThat(e.at()).isEqualTo(clock);
    });
    assertThat(engine.stats().unparsed()).isZero();
  }

  @Test
  void practiceAndNoSessionKindsAreRecognised() {
    List<RaceEvent> practice = feed(raceWithTwoTeams().init('p', "12H", "Clasificación"));
    assertThat(only(practice, SessionStarted.class).get(0).kind()).isEqualTo(SessionKind.PRACTICE);
    List<RaceEvent> none = feed("init|n|\ntrack||\n");
    assertThat(only(none, SessionStarted.class)).singleElement()
        .satisfies(s -> assertThat(s.kind()).isEqualTo(SessionKind.NONE));
    assertThat(feed("init|n|\n")).isEmpty();
  }

  @Test
  void reconnectSnapshotOfTheSameSessionResumesWithoutDuplicatingLaps() {
    Frames f = raceWithTwoTeams();
    feed(f.init('r', "12H", "CARRERA"));
    feed("r10c6|in|1\nr10c7|tn|1:05.000\nr10|*|65000|");
    // reconnect: same titles and rows, row 10 now shows 3 laps (2 happened while away)
    Frames again = Frames.endurance()
        .row(10, 1, "no=no1:7", "dr=dr:KTA", "tlp=in:3", "llp=tn:1:04.500", "pit=in:0", "otr=in:")
        .row(11, 2, "no=no2:12", "dr=dr:JDK", "tlp=in:", "llp=:", "pit=in:0", "otr=in:");
    List<RaceEvent> events = feed(again.init('r', "12H", "CARRERA"));

    assertThat(only(events, SessionStarted.class)).isEmpty();
    assertThat(only(events, SessionResumed.class)).singleElement()
        .satisfies(r -> assertThat(r.session()).isEqualTo(1));
    assertThat(only(events, LapCompleted.class)).isEmpty();
    assertThat(only(events, LapCountCorrected.class))
        .extracting(LapCountCorrected::rowId, LapCountCorrected::from, LapCountCorrected::to,
            LapCountCorrected::reason)
        .containsExactly(tuple(10, 1, 3, "resnapshot"));
    assertThat(only(events, LastLapShown.class)).extracting(LastLapShown::lapTimeMs)
        .containsExactly(64500L);
    assertThat(only(events, CompetitorRegistered.class)).extracting(CompetitorRegistered::name)
        .containsExactly("JDK");
    // an identical third snapshot changes nothing but says it resumed
    List<RaceEvent> third = feed(again.init('r', "12H", "CARRERA"));
    assertThat(third).extracting(RaceEvent::type).containsExactly("session_resumed");
  }

  @Test
  void newTitlesOrNewRowsStartANewSession() {
    feed(raceWithTwoTeams().init('p', "12H", "Clasificación"));
    List<RaceEvent> race = feed(raceWithTwoTeams().init('r', "12H", "CARRERA"));
    assertThat(only(race, SessionStarted.class)).extracting(SessionStarted::session).containsExactly(2);
    Frames otherRows = Frames.endurance().row(50, 1, "no=no1:1", "dr=dr:A").row(51, 2, "no=no1:2", "dr=dr:B");
    List<RaceEvent> heat = feed(otherRows.init('r', "12H", "CARRERA"));
    assertThat(only(heat, SessionStarted.class)).extracting(SessionStarted::session).containsExactly(3);
  }

  @Test
  void noSessionBlipBetweenTwoSnapshotsOfTheSameQualifyingResumesIt() {
    feed(raceWithTwoTeams().init('p', "12H", "Clasificación"));
    feed("init|n|\ntrack||\n");
    List<RaceEvent> back = feed(raceWithTwoTeams().init('p', "12H", "Clasificación"));
    assertThat(only(back, SessionResumed.class)).extracting(SessionResumed::session).containsExactly(1);
  }

  @Test
  void driverCellAlternatingWithTeamNameIsNeitherARenameNorANewDriver() {
    feed(raceWithTwoTeams().init('r', "12H", "CARRERA"));
    List<RaceEvent> first = feed("r10c5|drteam|MIGUEL IGLESIAS [1:43]");
    assertThat(only(first, DriverOnTrack.class))
        .extracting(DriverOnTrack::driver, DriverOnTrack::drivingTimeMs)
        .containsExactly(tuple("MIGUEL IGLESIAS", (60 + 43) * 60_000L));
    assertThat(feed("r10c5|dr|KTA")).isEmpty();
    assertThat(feed("r10c5|drteam|MIGUEL IGLESIAS [1:43]")).isEmpty();
    assertThat(only(feed("r10c5|drteam|MIGUEL IGLESIAS [1:44]"), DriverOnTrack.class)).hasSize(1);
    assertThat(only(feed("r10c5|dr|KTA RACING"), CompetitorRegistered.class))
        .extracting(CompetitorRegistered::name).containsExactly("KTA RACING");
  }

  @Test
  void lapsCellThenLastLapInALaterFrameMakeOneLapWithItsTime() {
    feed(raceWithTwoTeams().init('r', "12H", "CARRERA"));
    feed("r10c5|drteam|ANA [0:10]");
    assertThat(only(feed("r10c6|in|1"), LapCompleted.class)).isEmpty();
    List<LapCompleted> laps = only(feed("r10c7|tn|1:05.773\nr10|*|65749|"), LapCompleted.class);
    assertThat(laps).extracting(LapCompleted::rowId, LapCompleted::lap, LapCompleted::lapTimeMs,
        LapCompleted::driver, LapCompleted::derived).containsExactly(tuple(10, 1, 65773L, "ANA", false));
  }

  @Test
  void lastLapBeforeLapsCellInTheSameFrameMakesOneLap() {
    Frames f = new Frames().column("sta").column("rk").column("no").column("dr").column("llp")
        .column("tlp").column("gap").column("int").column("blp").column("otr").column("pit")
        .row(24089, 1, "no=no:13", "dr=dr:CREATIA", "tlp=in:", "llp=:");
    feed(f.init('r', "3H", "CARRERA 3H"));
    List<LapCompleted> laps = only(feed("r24089c5|tn|1:06.385\nr24089c6|in|1"), LapCompleted.class);
    assertThat(laps).extracting(LapCompleted::lap, LapCompleted::lapTimeMs).containsExactly(tuple(1, 66385L));
  }

  @Test
  void classChangeOfTheSameLastLapIsNotALap() {
    feed(raceWithTwoTeams().init('r', "12H", "CARRERA"));
    feed("r10c6|in|1\nr10c7|tb|1:04.568");
    assertThat(feed("r10c7|ti|1:04.568")).isEmpty();
  }

  @Test
  void penaltyMakesTheLapCountGoDownAndTheLapsAfterItCountAgain() {
    feed(raceWithTwoTeams().init('r', "12H", "CARRERA"));
    feed("r10c6|in|1\nr10c7|tn|1:05.000");
    feed("r10c6|in|2\nr10c7|tn|1:05.100");
    List<RaceEvent> penalty = feed("r10c6|in|1");
    assertThat(only(penalty, LapCountCorrected.class))
        .extracting(LapCountCorrected::from, LapCountCorrected::to, LapCountCorrected::reason)
        .containsExactly(tuple(2, 1, "feed"));
    List<LapCompleted> again = only(feed("r10c6|in|2\nr10c7|tn|1:05.200"), LapCompleted.class);
    assertThat(again).extracting(LapCompleted::lap, LapCompleted::lapTimeMs).containsExactly(tuple(2, 65200L));
  }

  @Test
  void lapWhoseTimeNeverComesIsEmittedWithoutTimeAfterTheTimeoutOrAtFinish() {
    feed(raceWithTwoTeams().init('r', "12H", "CARRERA"));
    feed("r10c6|in|1");
    clock += ApexEngine.PENDING_TIMEOUT_MS;
    assertThat(only(feed("dyn1|countdown|1000"), LapCompleted.class))
        .extracting(LapCompleted::lap, LapCompleted::lapTimeMs).containsExactly(tuple(1, null));
    feed("r11c6|in|1");
    List<RaceEvent> flushed = new ArrayList<>();
    engine.finish(flushed::add);
    assertThat(only(flushed, LapCompleted.class)).extracting(LapCompleted::rowId, LapCompleted::lap)
        .containsExactly(tuple(11, 1));
    assertThat(engine.stats().lapsWithoutTime()).isEqualTo(2);
  }

  @Test
  void raceWithoutLapsColumnDerivesLapsFromLastLapUpdatesAndAnchorsOnTheLeaderGap() {
    Frames f = Frames.withoutLaps()
        .row(1, 1, "no=no:1", "dr=dr:A", "llp=:", "gap=ib:")
        .row(2, 2, "no=no:2", "dr=dr:B", "llp=:", "gap=ib:");
    clock = 0;
    feed(f.init('r', "4H", "Course 4h"));
    List<LapCompleted> laps = new ArrayList<>();
    laps.addAll(only(feedAt(60_000, "r1c5|tn|1:00.100\nr1c7|in|Tour 1"), LapCompleted.class));
    laps.addAll(only(feedAt(61_000, "r2c5|tn|1:01.000\nr2c7|ib|0.900"), LapCompleted.class));
    laps.addAll(only(feedAt(120_000, "r1c5|tn|1:00.200\nr1c7|in|Tour 2"), LapCompleted.class));
    assertThat(laps).extracting(LapCompleted::rowId, LapCompleted::lap, LapCompleted::derived)
        .containsExactly(tuple(1, 1, true), tuple(2, 1, true), tuple(1, 2, true));
    // a missed last-lap update: the leader's gap says lap 4 while we counted 3
    List<RaceEvent> events = feedAt(240_000, "r1c5|tn|1:00.300\nr1c7|in|Tour 4");
    assertThat(only(events, LapCountCorrected.class))
        .extracting(LapCountCorrected::from, LapCountCorrected::to, LapCountCorrected::reason)
        .containsExactly(tuple(3, 4, "leader_gap"));
    // row 2 crosses 1.5 s after the leader ended lap 4: it ended lap 4 too; we counted 2
    List<RaceEvent> check = feedAt(241_500, "r2c5|tn|1:01.100\nr2c7|ib|1.500");
    assertThat(only(check, LapCountCorrected.class)).extracting(LapCountCorrected::from,
        LapCountCorrected::to, LapCountCorrected::reason).containsExactly(tuple(2, 4, "gap_time"));
  }

  @Test
  void derivedLapsOfARaceJoinedMidwayStayUnknownUntilTheGapAnchorsThem() {
    Frames f = Frames.withoutLaps()
        .row(1, 1, "no=no:1", "dr=dr:A", "llp=tn:1:00.000", "gap=in:Tour 80")
        .row(2, 2, "no=no:2", "dr=dr:B", "llp=tn:1:01.000", "gap=ib:2 Tours");
    feed(f.init('r', "4H", "Course 4h"));
    assertThat(only(feed("r2c5|tn|1:01.500"), LastLapShown.class)).hasSize(1);
    List<RaceEvent> anchored = feed("r1c5|tn|1:00.300\nr1c7|in|Tour 81\nr2c5|tn|1:01.300\nr2c7|ib|2 Tours");
    assertThat(only(anchored, LapCountCorrected.class)).extracting(LapCountCorrected::rowId,
        LapCountCorrected::to).containsExactly(tuple(1, 81), tuple(2, 79));
  }

  @Test
  void bestLapPositionGapAndIntervalCellsBecomeEvents() {
    feed(raceWithTwoTeams().init('r', "12H", "CARRERA"));
    List<RaceEvent> events = feed("r11c10|ti|1:04.511\nr11|#|1\nr11c8|ib|Vuelta 295\nr10c8|ib|2 Vueltas\n"
        + "r10c9|in|1:02.003\nr10|#|2");
    assertThat(only(events, BestLap.class)).extracting(BestLap::lapTimeMs).containsExactly(64511L);
    assertThat(only(events, PositionChanged.class)).extracting(PositionChanged::rowId, PositionChanged::position)
        .containsExactly(tuple(11, 1), tuple(10, 2));
    assertThat(only(events, GapChanged.class)).extracting(g -> g.gap().kind(), g -> g.gap().laps())
        .containsExactly(tuple(Gap.Kind.LEADER, 295), tuple(Gap.Kind.LAPS, 2));
    assertThat(only(events, IntervalChanged.class)).extracting(i -> i.interval().ms())
        .containsExactly(62003L);
    assertThat(feed("r11|#|1\nr11c10|ti|1:04.511")).isEmpty();
  }

  @Test
  void repeatedPitInGivesOneStopAndPitOutCarriesTheLastPitClock() {
    feed(raceWithTwoTeams().init('r', "12H", "CARRERA"));
    assertThat(only(feed("r10|*in|0\nr10c2|si|"), PitIn.class)).hasSize(1);
    assertThat(feed("r10|*in|0")).isEmpty();
    feed("r10c11|to|47.");
    feed("r10c11|to|1:03.");
    List<RaceEvent> out = feed("r10|*out|0\nr10c11|in|0:00\nr10c13|in|1");
    assertThat(only(out, PitOut.class)).extracting(PitOut::pitTimeMs).containsExactly(63000L);
    assertThat(only(out, PitCountChanged.class)).extracting(PitCountChanged::pits).containsExactly(1);
    assertThat(feed("r10|*out|0")).isEmpty();
  }

  @Test
  void clocksLightsAndRaceControlMessagesBecomeEvents() {
    feed(raceWithTwoTeams().init('r', "12H", "CARRERA"));
    List<RaceEvent> events = feed("dyn1|countdown|22945366\ndyn1|count|1000\ndyn1|text|00:20:00\n"
        + "light|ly|\nlight|lsc|\nlight|lf|\nlight|lr|\n"
        + "com||<p><b>10:05</b> Kart 7: 1 lap penalty</p>\nmsg|msgw|Safety car");
    assertThat(only(events, RemainingTime.class))
        .extracting(RemainingTime::clock, RemainingTime::ms)
        .containsExactly(tuple(RemainingTime.Clock.COUNTDOWN, 22945366L),
            tuple(RemainingTime.Clock.ELAPSED, 1000L), tuple(RemainingTime.Clock.TEXT, 1_200_000L));
    assertThat(only(events, LightChanged.class)).extracting(LightChanged::light)
        .containsExactly(Light.YELLOW, Light.SAFETY_CAR, Light.FINISHED, Light.RED);
    assertThat(only(events, RaceControlMessage.class))
        .extracting(RaceControlMessage::channel, RaceControlMessage::text)
        .containsExactly(tuple("com", "10:05 Kart 7: 1 lap penalty"), tuple("msg", "Safety car"));
    assertThat(only(feed("title2||CARRERA FINAL"), SessionInfoChanged.class))
        .extracting(SessionInfoChanged::title2).containsExactly("CARRERA FINAL");
  }

  @Test
  void junkAndUnknownInputBecomeCountedUnparsedLines() {
    feed(raceWithTwoTeams().init('r', "12H", "CARRERA"));
    List<RaceEvent> probe = feed("GET / HTTP/1.1\nHost: 51.68.170.219:8090\nAccept: */*\n\n");
    assertThat(only(probe, UnparsedLine.class)).extracting(UnparsedLine::reason).containsExactly("junk_frame");
    feed("\u0016\u0003\u0001\u0000\uFFFD\u0001\u0000\u0000\uFFFD\u0003\u0003I");
    List<RaceEvent> bad = feed("foo|bar|baz\nr99c6|in|3\nr10c99|in|3\nr10c6|in|x\nlight|lz|\n"
        + "no pipes here\nr10|?|1\ngrid||<tbody><tr data-id=\"r0\" class=\"head\"><td data-id=\"c1\" data-type=\"no\">");
    assertThat(only(bad, UnparsedLine.class)).extracting(UnparsedLine::reason).containsExactly(
        "unknown_key", "unknown_row", "unknown_column", "bad_value", "bad_value", "not_a_line",
        "unknown_key", "bad_grid");
    FeedStats stats = engine.stats();
    assertThat(stats.junkFrames()).isEqualTo(2);
    assertThat(stats.invalidText()).isEqualTo(1);
    assertThat(stats.unknownKeys()).isEqualTo(2);
    assertThat(stats.unknownRows()).isEqualTo(1);
    assertThat(stats.unknownColumns()).isEqualTo(1);
    assertThat(stats.badValues()).isEqualTo(2);
    assertThat(stats.notALine()).isEqualTo(1);
    assertThat(stats.badGrids()).isEqualTo(1);
    assertThat(stats.unparsed()).isEqualTo(10);
    // and the engine still works
    assertThat(only(feed("r10c6|in|1\nr10c7|tn|1:05.000"), LapCompleted.class)).hasSize(1);
  }

  @Test
  void decorationAndAnimationLinesAreIgnoredQuietly() {
    feed(raceWithTwoTeams().init('r', "12H", "CARRERA"));
    assertThat(feed("css|no3|color:red\nbest|hide|\neffects||x\ncomments||y\nwth1||\nwth2||\nwth3||\n"
        + "r10|*|65000|\nr10|*i1|2000\nr10|*i2|3000\nr10c1|gs|\nr10c2|sr|\nr10c3||1\nr10c12|pena1|")).isEmpty();
    assertThat(engine.stats().unparsed()).isZero();
  }

  @Test
  void sameFramesGiveTheSameIdsAndIdsAreUnique() {
    List<String> frames = List.of(raceWithTwoTeams().init('r', "12H", "CARRERA"),
        "r10c6|in|1\nr10c7|tn|1:05.000", "r10|*in|0", "r10|*out|0", "junk");
    ApexEngine a = new ApexEngine("x");
    ApexEngine b = new ApexEngine("x");
    List<String> idsA = new ArrayList<>();
    List<String> idsB = new ArrayList<>();
    long t = 0;
    for (String f : frames) {
      t += 1000;
      a.accept(t, f).forEach(e -> idsA.add(e.id()));
      b.accept(t, f).forEach(e -> idsB.add(e.id()));
    }
    assertThat(idsA).isEqualTo(idsB).doesNotHaveDuplicates();
    assertThat(idsA.get(0)).isEqualTo("x/1/0");
  }

  @Test
  void foldingTheEventsGivesTheEnginesOwnView() {
    feed(raceWithTwoTeams().init('r', "12H", "CARRERA"));
    feed("r10c6|in|1\nr10c7|tn|1:05.000\nr10c10|ti|1:05.000\nr11|#|1\nr10|#|2\nr11c5|drteam|BOB [0:05]");
    feed("r11|*in|0\nr10c6|in|2");
    List<RaceEvent> rest = new ArrayList<>();
    engine.finish(rest::add);
    all.addAll(rest);
    LiveStandings fold = new LiveStandings();
    all.forEach(fold::apply);
    List<TeamStanding> folded = fold.teams(engine.session());
    assertThat(folded).isEqualTo(engine.standings());
    assertThat(folded.get(0).laps()).isEqualTo(2);
    assertThat(folded.get(1).inPit()).isTrue();
  }

  @Test
  void linesWithCarriageReturnsAndCellsWithoutClassAreRead() {
    feed(raceWithTwoTeams().init('r', "12H", "CARRERA").replace("\n", "\r\n"));
    assertThat(only(feed("r10c6||1\r\nr10c7||1:05.000\r\n"), LapCompleted.class)).hasSize(1);
    assertThat(engine.stats().unparsed()).isZero();
  }
}
