package lts.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import lts.contracts.Topics;
import lts.core.protocol.ApexEngine;
import lts.kafka.broker.EmbeddedKafka;
import lts.listener.ws.ReplayServer;
import lts.listener.ws.WsListener;
import lts.parser.runner.ParserConfig;
import lts.parser.runner.ParserRunner;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * {@code PipelineBench throughput}: the recording replayed at max speed through one
 * {@link WsListener}, an embedded Kafka (1 partition) and one {@link ParserRunner}; wall time
 * from the start of the replay until {@code race-events} (read_committed) holds as many events as
 * a fresh {@link ApexEngine} gives for the same frames (without finish).
 */
final class ThroughputRun {

  private ThroughputRun() {
  }

  static void run(Path recording, Path tmp) throws Exception {
    long t0 = System.nanoTime();
    long frames = 0;
    long[] expected = {0};
    ApexEngine engine = new ApexEngine("santos");
    try (RecordingReader reader = RecordingReader.open(recording)) {
      while (reader.hasNext()) {
        RecordedFrame f = reader.next();
        engine.accept(f.at(), f.text(), e -> expected[0]++);
        frames++;
      }
    }
    System.out.printf(Locale.ROOT, "recording %s: %d frames, %d events from a fresh ApexEngine "
        + "(no finish), computed in %.1f s%n", recording.getFileName(), frames, expected[0],
        secondsSince(t0));

    try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"), 0, 1, Topics.ALL)) {
      String servers = kafka.bootstrapServers();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      ParserRunner parser = new ParserRunner(ParserConfig.of(servers), registry);
      Thread parserThread = DaemonThreads.of("parser", parser::run);
      parserThread.start();
      ParserGroup.waitHealthy(parser);
      try (KafkaConsumer<String, byte[]> events = PipelineReaders.raceEvents(servers)) {
        // join the group before the replay starts (no records yet: this only assigns)
        events.poll(Duration.ofSeconds(2));
        Thread.sleep(1000); // let the parser's own group join finish too

        ReplayServer replay = ReplayServer.start(recording, 0,
            ReplayServer.Options.speed(ReplayServer.MAX_SPEED), progress -> { });
        WsListener listener = WsListener.create(
            WsListener.Config.of(replay.uri()).withEventCode("santos"), servers,
            new SimpleMeterRegistry());
        Counter recordsIn = registry.find("lts.parser.records.in").counter();
        long start = System.nanoTime();
        Thread listenerThread = DaemonThreads.of("listener", () -> {
          try {
            listener.run();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        listenerThread.start();

        long seen = 0;
        double replayDone = -1;
        double acked = -1;
        double parsed = -1;
        long nextReport = System.nanoTime() + 5_000_000_000L;
        long lastChange = System.nanoTime();
        double lastEvent = -1;
        while (seen < expected[0]) {
          ConsumerRecords<String, byte[]> batch = events.poll(Duration.ofMillis(100));
          long now = System.nanoTime();
          if (!batch.isEmpty()) {
            seen += batch.count();
            lastChange = now;
            lastEvent = secondsSince(start);
          }
          if (replayDone < 0 && replay.finishedClients() >= 1) {
            replayDone = secondsSince(start);
          }
          if (acked < 0 && listener.recordsAcked() >= frames) {
            acked = secondsSince(start);
          }
          double in = recordsIn == null ? 0 : recordsIn.count();
          if (parsed < 0 && in >= frames) {
            parsed = secondsSince(start);
          }
          if (now >= nextReport) {
            System.out.printf(Locale.ROOT, "  %5.1f s: %d frames sent, %d acked by Kafka, %.0f read "
                + "by the parser, %d events seen%n", secondsSince(start), replay.framesSent(),
                listener.recordsAcked(), in, seen);
            nextReport = now + 5_000_000_000L;
          }
          if (now - lastChange > 15_000_000_000L && parsed >= 0) {
            System.out.printf(Locale.ROOT, "  no new event for 15 s after the parser read every frame: stopping at %d of %d%n", seen,
                expected[0]);
            break;
          }
        }
        // without finish(), a lap half still pending at the end of the feed is published when its
        // 10 s of feed time run out; at max speed the feed's clock (arrival times) barely moves, so
        // the last few may stay pending: the time is then that of the last event seen
        double total = seen >= expected[0] ? secondsSince(start) : lastEvent;
        System.out.printf(Locale.ROOT, "replay finished sending after %.2f s; all %d frames acked "
            + "by Kafka after %.2f s; parser read all after %.2f s%n", replayDone, frames, acked,
            parsed);
        System.out.printf(Locale.ROOT, "THROUGHPUT: %d of %d events in race-events after %.2f s "
            + "(%.0f frames/s, %.0f events/s); target < 30 s: %s%n", seen, expected[0], total,
            frames / total, seen / total, total < 30 ? "MET" : "NOT MET");
        listener.stop();
        parser.stop();
        listenerThread.join(10_000);
        parserThread.join(10_000);
        replay.close();
      }
    }
  }

  private static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
