package lts.parser.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lts.core.protocol.ApexEngine;
import lts.testkit.Await;
import lts.testkit.SharedData;
import lts.contracts.Envelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a restart costs: the parser re-reads its partition from the beginning to rebuild the
 * engines. Measured on the 12 h Santos race (a whole day of one feed, 85,558 frames): the race is
 * published but for its last frames, parsed, the parser is stopped and started again (timed), then
 * the last frames come and the output must be that of one uninterrupted run.
 */
class ParserRebuildCostTest {

  private static final int HELD_BACK = 2_000;

  @TempDir
  static Path dir;

  @RegisterExtension
  static final TestKafka kafka = TestKafka.open();

  @Test
  void restartAfterThe12hRaceRebuildsTheEnginesAndContinuesTheExactSequence() throws Exception {
    Path file = SharedData.recording("santos-12h-2026-04-25.log.gz");
    List<Envelope> frames = TestKafka.recording(file, "santos");
    Map<String, List<String>> expected = TestKafka.expected(frames);
    long engineStart = System.nanoTime();
    ApexEngine engine = new ApexEngine("santos");
    for (Envelope f : frames) {
      engine.accept(f.createdAt(), f.data(), e -> { });
    }
    long engineOnlyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - engineStart);

    TestKafka.TopicSet t = kafka.topics("cost", 1);
    long publishStart = System.nanoTime();
    kafka.publish(t.raw(), frames.subList(0, frames.size() - HELD_BACK));
    long publishMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - publishStart);
    ParserConfig config = kafka.config(t, "cost");

    Duration firstPass;
    try (RunningParser first = RunningParser.start(config)) {
      firstPass = kafka.awaitCaughtUp("cost", t.raw(), Duration.ofMinutes(5));
    }

    // a cold restart, as in production: a new JVM
    Path processLog = dir.resolve("cold-restart.log");
    long spawn = System.nanoTime();
    Process cold = ParserProcess.start(kafka.servers(), t, "cost", processLog);
    Await.until(Duration.ofMinutes(5),
        () -> ParserCrashTest.read(processLog).contains(" rebuilt: ") || !cold.isAlive(),
        () -> "the cold parser did not rebuild");
    long coldRestartMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - spawn);
    cold.destroy();
    assertThat(cold.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String coldRebuilt = ParserCrashTest.read(processLog).lines().filter(l -> l.contains(" rebuilt: "))
        .findFirst().orElseThrow();
    System.out.println("[rebuild-12h] cold process spawned at " + java.time.LocalTime.now()
        .minusNanos(System.nanoTime() - spawn));
    ParserCrashTest.read(processLog).lines().filter(l -> l.contains("ParserRunner"))
        .forEach(l -> System.out.println("[rebuild-12h] cold process: " + l));
    System.out.println("[rebuild-12h] cold restart (new JVM): process start to partition rebuilt "
        + coldRestartMs + " ms; " + coldRebuilt.substring(coldRebuilt.indexOf("parser: ")));

    // a warm restart: a new runner in this JVM
    RunningParser second = RunningParser.start(config);
    Await.until(Duration.ofMinutes(5),
        () -> second.registry.get("lts.parser.rebuild").timer().count() >= 1, () -> "no rebuild");
    long restartToRebuiltMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - second.startedNanos);
    double rebuildMs = second.registry.get("lts.parser.rebuild").timer().totalTime(TimeUnit.MILLISECONDS);
    double reread = second.counter("lts.parser.rebuild.records");
    kafka.publish(t.raw(), frames.subList(frames.size() - HELD_BACK, frames.size()));
    kafka.awaitCaughtUp("cost", t.raw(), Duration.ofMinutes(5));
    second.close();

    Map<String, List<String>> actual = kafka.eventsByCode(t.events());
    System.out.println(String.format(Locale.ROOT, "[rebuild-12h] warm restart: %d frames; rebuild re-read %.0f "
        + "records in %.0f ms (%.0f records/s); restart to rebuilt %d ms; engine alone over the "
        + "whole race %d ms; first pass (parse + publish %d events) %d ms; publishing the input %d ms",
        frames.size(), reread, rebuildMs, reread / (rebuildMs / 1000), restartToRebuiltMs,
        engineOnlyMs, expected.get("santos").size(), firstPass.toMillis(), publishMs));
    assertThat((long) reread).isEqualTo(frames.size() - HELD_BACK);
    assertThat(actual.get("santos")).hasSize(expected.get("santos").size());
    assertThat(actual).isEqualTo(expected);
  }
}
