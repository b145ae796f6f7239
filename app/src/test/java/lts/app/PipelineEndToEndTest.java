package lts.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lts.core.protocol.ApexEngine;
import lts.testkit.Await;
import lts.testkit.SharedData;
import lts.kafka.broker.EmbeddedKafka;
import lts.kafka.KafkaClients;
import lts.contracts.Topics;
import lts.listener.ws.ReplayServer;
import lts.listener.ws.WsListener;
import lts.contracts.RaceEventCodec;
import lts.parser.runner.ParserConfig;
import lts.parser.runner.ParserRunner;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import lts.rawstorage.runner.RawStorage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The pipeline end to end with real parts: a real recording replayed over a websocket at max
 * speed → ws-listener → Kafka → raw-storage and parser. Every frame is stored exactly once and in
 * order, and the published race events equal what {@code lts parse --events} prints for the
 * stored file (the runner never calls finish(): the laps still waiting for their other half at the
 * end of the file are the only lines {@code lts parse} adds).
 */
class PipelineEndToEndTest {

  @TempDir
  Path dir;

  @Test
  void replayedRaceIsStoredOnceInOrderAndParsedAsLtsParseDoes() throws Exception {
    Path recording = SharedData.recording("santos-3h-first-30min.ndjson.gz");
    List<String> frames = new ArrayList<>();
    try (RecordingReader reader = RecordingReader.open(recording)) {
      reader.forEachRemaining(f -> frames.add(f.text()));
    }
    String code = "santos3h";
    List<Thread> threads = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, 1, Topics.ALL);
        ReplayServer replay = ReplayServer.start(recording, 0,
            ReplayServer.Options.speed(ReplayServer.MAX_SPEED), p -> { })) {
      String servers = kafka.bootstrapServers();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      RawStorage storage = new RawStorage(RawStorage.Settings.defaults(servers, dir.resolve("logs")), registry);
      ParserRunner parser = new ParserRunner(ParserConfig.of(servers), registry);
      WsListener listener = WsListener.create(WsListener.Config.of(replay.uri()).withEventCode(code),
          servers, registry);
      threads.add(run("raw-storage", storage::run));
      threads.add(run("parser", parser::run));
      threads.add(run("ws-listener", listener::run));
      try {
        // every frame stored, once, in order
        Await.until(Duration.ofMinutes(3), () -> storedCount(code) >= frames.size(),
            () -> storedCount(code) + " of " + frames.size() + " stored");
        List<String> stored = storedFrames(code);
        assertThat(stored).as("frames stored by raw-storage").containsExactlyElementsOf(frames);
        Path file = storedFile(code);

        // what the runner publishes: a fresh engine over the stored frames, without finish()
        RaceEventCodec codec = new RaceEventCodec();
        List<String> expected = new ArrayList<>();
        ApexEngine engine = new ApexEngine(code);
        try (RecordingReader reader = RecordingReader.open(file)) {
          while (reader.hasNext()) {
            RecordedFrame f = reader.next();
            engine.accept(f.at(), f.text(), e -> expected.add(codec.toJson(e)));
          }
        }
        List<String> published = raceEvents(servers, expected.size(),
            System.currentTimeMillis() + 60_000);
        assertThat(published).as("race-events").containsExactlyElementsOf(expected);

        // and lts parse --events of the same file prints the same, plus the final flush
        StringWriter out = new StringWriter();
        CommandLine cli = Lts.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute("parse", "--events", file.toString())).isZero();
        List<String> parsed = out.toString().lines().collect(Collectors.toList());
        assertThat(parsed.subList(0, published.size())).isEqualTo(published);
        String finishFrame = "\"id\":\"" + code + "/" + (frames.size() + 1) + "/";
        assertThat(parsed.subList(published.size(), parsed.size()))
            .allSatisfy(line -> assertThat(line).contains(finishFrame));
        System.out.printf("end to end: attempted=%d acknowledged=%d stored=%d lost=0 duplicated=0 "
            + "out-of-order=0 events=%d%n", frames.size(), listener.recordsAcked(), stored.size(),
            published.size());
      } finally {
        listener.stop();
        parser.stop();
        storage.stop();
        for (Thread t : threads) {
          t.join(30_000);
        }
      }
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  private static Thread run(String name, Body body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (Exception e) {
        throw new IllegalStateException(name + " failed", e);
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private Path storedFile(String code) throws Exception {
    Path folder = dir.resolve("logs").resolve(code);
    if (!Files.isDirectory(folder)) {
      return null;
    }
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> list = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
      assertThat(list).as("one day of recording").hasSizeLessThanOrEqualTo(1);
      return list.isEmpty() ? null : list.get(0);
    }
  }

  /** The frames of {@code code} stored so far; -1 while they cannot be read. */
  private long storedCount(String code) {
    try {
      return storedFrames(code).size();
    } catch (Exception e) {
      return -1;
    }
  }

  private List<String> storedFrames(String code) throws Exception {
    Path file = storedFile(code);
    List<String> texts = new ArrayList<>();
    if (file == null) {
      return texts;
    }
    try (RecordingReader reader = RecordingReader.open(file)) {
      reader.forEachRemaining(f -> texts.add(f.text()));
    } catch (RuntimeException partial) {
      // a line being written right now: read again later
    }
    return texts;
  }

  private static List<String> raceEvents(String servers, int expected, long deadline) {
    Properties p = KafkaClients.consumer(servers, "e2e-check", "e2e-check");
    List<String> events = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(Topics.RACE_EVENTS));
      long quietUntil = 0;
      while (System.currentTimeMillis() < deadline) {
        int before = events.size();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          events.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        if (events.size() >= expected) {
          // wait a little more: anything beyond the expected events would be a duplicate
          if (quietUntil == 0) {
            quietUntil = System.currentTimeMillis() + 2_000;
          } else if (System.currentTimeMillis() > quietUntil && events.size() == before) {
            break;
          }
        }
      }
    }
    return events;
  }
}
