package lts.parser.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import lts.contracts.Envelope;
import lts.testkit.Await;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Killed mid-race and restarted, the parser publishes exactly the event sequence of an
 * uninterrupted run: nothing lost, nothing duplicated, nothing reordered (read_committed).
 */
class ParserCrashTest {

  private static final Duration CATCH_UP = Duration.ofSeconds(120);

  @TempDir
  static Path dir;

  @RegisterExtension
  static final TestKafka kafka = TestKafka.open();

  /** What a crashing JVM throws: nothing in the runner may clean up after it. */
  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String message) {
      super(message);
    }
  }

  /** Publishes frames in small steps, as a live feed does, from its own thread. */
  static final class Publisher extends Thread {
    private final String topic;
    private final List<Envelope> frames;
    private final int step;
    private final long pauseMs;
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    Publisher(String topic, List<Envelope> frames, int step, long pauseMs) {
      super("publisher-" + topic);
      this.topic = topic;
      this.frames = frames;
      this.step = step;
      this.pauseMs = pauseMs;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        for (int i = 0; i < frames.size(); i += step) {
          kafka.publish(topic, frames.subList(i, Math.min(frames.size(), i + step)));
          Thread.sleep(pauseMs); // the feed's pace: frames keep coming while the parser runs
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    }

    void finish() throws InterruptedException {
      join(TimeUnit.MINUTES.toMillis(3));
      assertThat(isAlive()).as("publisher still running").isFalse();
      assertThat(failure.get()).as("publisher failure").isNull();
    }
  }

  private static List<Envelope> twoFeeds(int laps) {
    return TestKafka.interleave(
        HandWrittenRace.frames("alpha", 1_777_100_000_000L, 8, laps),
        HandWrittenRace.frames("beta", 1_777_100_002_000L, 6, laps));
  }

  @Test
  void crashWithAnOpenTransactionThenRestartPublishesExactlyTheSequenceOfAnUninterruptedRun()
      throws Exception {
    TestKafka.TopicSet t = kafka.topics("crash", 3);
    List<Envelope> frames = twoFeeds(30);
    Map<String, List<String>> expected = TestKafka.expected(frames);
    ParserConfig config = kafka.config(t, "crash");

    Publisher publisher = new Publisher(t.raw(), frames, 4, 15);
    AtomicBoolean crashed = new AtomicBoolean();
    long[] crashedAt = new long[2];
    RunningParser first = RunningParser.start(config, (transaction, sent) -> {
      if (transaction >= 8 && sent > 0 && crashed.compareAndSet(false, true)) {
        crashedAt[0] = transaction;
        crashedAt[1] = sent;
        try {
          // the crash the test provokes, late enough for the open transaction's records to reach
          // the broker's log (the outcome asserted holds either way)
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new SimulatedCrash("killed between send and commit of transaction " + transaction);
      }
    });
    publisher.start();
    Throwable death = first.awaitEnd(Duration.ofSeconds(60));
    assertThat(death).isInstanceOf(SimulatedCrash.class);
    assertThat(first.runner.health()).startsWith("parser failed: crashed: ");
    long acknowledgedBeforeCrash = kafka.committed("crash", t.raw());
    assertThat(acknowledgedBeforeCrash).isLessThan(frames.size());

    Map<TopicPartition, Long> publishedAtRestart = kafka.endOffsetsByPartition(t.raw());
    RunningParser second = RunningParser.start(config);
    Duration recovered = kafka.awaitCommitted("crash", t.raw(), publishedAtRestart, CATCH_UP);
    publisher.finish();
    kafka.awaitCaughtUp("crash", t.raw(), CATCH_UP);
    second.close();

    Map<String, List<String>> actual = kafka.eventsByCode(t.events());
    long inLog = kafka.readAll(t.events(), false).size();
    long committedEvents = actual.values().stream().mapToLong(List::size).sum();
    Verdict v = Verdict.of(frames.size(), kafka.committed("crash", t.raw()), expected, actual,
        recovered);
    System.out.println(v.report("crash-open-transaction") + " crashed_in_transaction=" + crashedAt[0]
        + " with " + crashedAt[1] + " records sent; acknowledged_before_crash="
        + acknowledgedBeforeCrash + " aborted_records_in_log=" + (inLog - committedEvents)
        + " published_at_restart=" + publishedAtRestart.values().stream().mapToLong(Long::longValue).sum());
    assertThat(inLog).as("the crashed transaction's events are in the log, aborted")
        .isGreaterThan(committedEvents);
    assertThat(v.lost()).isZero();
    assertThat(v.duplicated()).isZero();
    assertThat(v.outOfOrder()).isZero();
    assertThat(v.different()).isZero();
    assertThat(v.acknowledged()).isEqualTo(v.attempted());
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void anAbortedTransactionIsRewoundAndRebuiltWithoutLossDuplicatesOrReordering() throws Exception {
    TestKafka.TopicSet t = kafka.topics("abort", 3);
    List<Envelope> frames = twoFeeds(20);
    Map<String, List<String>> expected = TestKafka.expected(frames);
    AtomicBoolean failed = new AtomicBoolean();
    Publisher publisher = new Publisher(t.raw(), frames, 4, 15);
    try (RunningParser parser = RunningParser.start(kafka.config(t, "abort"), (transaction, sent) -> {
      if (transaction >= 5 && sent > 0 && failed.compareAndSet(false, true)) {
        throw new org.apache.kafka.common.KafkaException("simulated failure of transaction " + transaction);
      }
    })) {
      publisher.start();
      publisher.finish();
      kafka.awaitCaughtUp("abort", t.raw(), CATCH_UP);
      assertThat(failed).isTrue();
      assertThat(parser.registry.get("lts.parser.transactions").tag("result", "aborted").counter()
          .count()).isEqualTo(1);
      assertThat(parser.registry.get("lts.parser.rebuild").timer().count())
          .as("3 partitions at assignment, 3 again after the abort").isEqualTo(6);
      assertThat(parser.runner.health()).isNull();
    }
    Map<String, List<String>> actual = kafka.eventsByCode(t.events());
    Verdict v = Verdict.of(frames.size(), kafka.committed("abort", t.raw()), expected, actual, null);
    System.out.println(v.report("abort-rewind"));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void aRestartedInstanceFencesItsZombieWhichStopsWithoutPublishing() throws Exception {
    TestKafka.TopicSet t = kafka.topics("zombie", 1);
    List<Envelope> frames = twoFeeds(10);
    Map<String, List<String>> expected = TestKafka.expected(frames);
    ParserConfig config = kafka.config(t, "zombie");
    java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    AtomicBoolean froze = new AtomicBoolean();
    RunningParser zombie = RunningParser.start(config, (transaction, sent) -> {
      if (transaction >= 2 && froze.compareAndSet(false, true)) {
        stuck.countDown(); // a long GC pause, a frozen VM: it has sent, not committed
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    int published = 0;
    int heldBack = frames.size() - 1; // the last frame shows the successor still works afterwards
    while (!stuck.await(300, TimeUnit.MILLISECONDS)) {
      assertThat(published).as("the zombie froze before the end of the stream").isLessThan(heldBack);
      kafka.publish(t.raw(), frames.subList(published, Math.min(heldBack, published + 20)));
      published = Math.min(heldBack, published + 20);
    }

    RunningParser successor = RunningParser.start(config);
    kafka.publish(t.raw(), frames.subList(published, heldBack));
    kafka.awaitCaughtUp("zombie", t.raw(), CATCH_UP);
    release.countDown(); // the zombie wakes up and tries to commit
    Throwable zombieEnd = zombie.awaitEnd(Duration.ofSeconds(60));
    System.out.println("[zombie] the zombie ended with: " + zombieEnd + "; health: "
        + zombie.runner.health());
    assertThat(zombieEnd).isNotNull();
    assertThat(zombie.runner.health()).contains("fenced");
    kafka.publish(t.raw(), frames.subList(heldBack, frames.size()));
    kafka.awaitCaughtUp("zombie", t.raw(), CATCH_UP); // the successor took it after the zombie's end
    assertThat(successor.isAlive()).isTrue();
    assertThat(successor.runner.health()).isNull();
    successor.close();

    Map<String, List<String>> actual = kafka.eventsByCode(t.events());
    Verdict v = Verdict.of(frames.size(), kafka.committed("zombie", t.raw()), expected, actual, null);
    System.out.println(v.report("zombie"));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void processKilledThreeTimesMidStreamThenRestartedPublishesExactlyTheSequenceOfAnUninterruptedRun()
      throws Exception {
    TestKafka.TopicSet t = kafka.topics("sigkill", 3);
    List<Envelope> frames = twoFeeds(60);
    Map<String, List<String>> expected = TestKafka.expected(frames);
    Publisher publisher = new Publisher(t.raw(), frames, 3, 20);
    publisher.start();
    SplittableRandom random = new SplittableRandom(42);
    List<String> kills = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Process p = startProcess(t, "sigkill", i);
      long before = kafka.committed("sigkill", t.raw());
      Await.until(Duration.ofSeconds(60),
          () -> kafka.committed("sigkill", t.raw()) > before || !p.isAlive(),
          () -> "no progress of the parser process");
      int n = i;
      assertThat(p.isAlive()).as(() -> "process " + n + " died:\n" + read(log(n))).isTrue();
      Thread.sleep(random.nextInt(100, 700)); // the kill comes at a random moment, on purpose
      long committedAtKill = kafka.committed("sigkill", t.raw());
      p.destroyForcibly(); // SIGKILL
      p.waitFor(30, TimeUnit.SECONDS);
      kills.add(committedAtKill + "/" + frames.size());
    }
    Map<TopicPartition, Long> publishedAtRestart = kafka.endOffsetsByPartition(t.raw());
    Process last = startProcess(t, "sigkill", 4);
    Duration recovered = kafka.awaitCommitted("sigkill", t.raw(), publishedAtRestart, CATCH_UP);
    publisher.finish();
    kafka.awaitCaughtUp("sigkill", t.raw(), CATCH_UP);
    last.destroy(); // SIGTERM: clean stop
    assertThat(last.waitFor(30, TimeUnit.SECONDS)).isTrue();
    read(log(4)).lines().filter(l -> l.contains("ParserRunner") || l.contains("ERROR"))
        .forEach(l -> System.out.println("[sigkill-x3] last process: " + l));

    Map<String, List<String>> actual = kafka.eventsByCode(t.events());
    long inLog = kafka.readAll(t.events(), false).size();
    long committedEvents = actual.values().stream().mapToLong(List::size).sum();
    Verdict v = Verdict.of(frames.size(), kafka.committed("sigkill", t.raw()), expected, actual,
        recovered);
    System.out.println(v.report("sigkill-x3") + " killed_at_committed=" + kills
        + " aborted_records_in_log=" + (inLog - committedEvents) + " published_at_restart="
        + publishedAtRestart.values().stream().mapToLong(Long::longValue).sum()
        + " (recovered_in_s includes the JVM start)");
    assertThat(v.lost()).isZero();
    assertThat(v.duplicated()).isZero();
    assertThat(v.outOfOrder()).isZero();
    assertThat(v.different()).isZero();
    assertThat(v.acknowledged()).isEqualTo(v.attempted());
    assertThat(actual).isEqualTo(expected);
  }

  private static Path log(int i) {
    return dir.resolve("parser-process-" + i + ".log");
  }

  private static Process startProcess(TestKafka.TopicSet t, String group, int i) throws IOException {
    return ParserProcess.start(kafka.servers(), t, group, log(i));
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + file + ")";
    }
  }
}
