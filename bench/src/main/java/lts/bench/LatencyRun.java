package lts.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lts.contracts.Topics;
import lts.kafka.broker.EmbeddedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * {@code PipelineBench latency}: the races at real-time speed ({@link Feeds}) through an embedded
 * Kafka and a {@link ParserGroup}, each event's latency seen by the race-events reader
 * ({@link LatencyTally}), the measuring points ({@link PipelineReaders#stageReader}) and the
 * report ({@link LatencyReport}, {@link ParserTimers}). The settings are the
 * {@code bench.*} system properties of {@link PipelineBench}.
 */
final class LatencyRun {

  private static final ObjectMapper JSON = new ObjectMapper();

  private LatencyRun() {
  }

  static void run(Path recording, Path tmp) throws Exception {
    int races = Integer.getInteger("bench.races", 50);
    int seconds = Integer.getInteger("bench.seconds", 180);
    int partitions = Integer.getInteger("bench.partitions", 6);
    int warmup = Integer.getInteger("bench.warmup", 15);
    int stagger = Integer.getInteger("bench.stagger", 60);
    int replayServers = Integer.getInteger("bench.servers", 1);
    boolean stageReaders = Boolean.parseBoolean(System.getProperty("bench.stages", "true"));
    try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"), 0, partitions, Topics.ALL)) {
      String servers = kafka.bootstrapServers();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      registry.config().meterFilter(new MeterFilter() {
        @Override
        public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
          return id.getName().startsWith("lts.parser.")
              ? DistributionStatisticConfig.builder().percentiles(0.5, 0.95, 0.99)
                  .expiry(Duration.ofHours(1)).bufferLength(1).build().merge(config)
              : config;
        }
      });
      // -Dparsers=N: N parser instances in the group (as N replicas would be), the partitions
      // shared among them; 1 by default
      int parserCount = Integer.getInteger("parsers", 1);
      ParserGroup parsers = ParserGroup.start(servers, parserCount, registry);
      System.out.printf("latency: %d parser instance(s)%n", parserCount);
      try (KafkaConsumer<String, byte[]> events = PipelineReaders.raceEvents(servers)) {
        events.poll(Duration.ofSeconds(2));
        Thread.sleep(1000);
        boolean ownJvm = Boolean.parseBoolean(System.getProperty("bench.feedsJvm", "false"));
        long[] delays = Feeds.delays(races, stagger);
        Feeds feeds = ownJvm
            ? Feeds.inChildJvm(recording, servers, races, replayServers, stagger, seconds)
            : Feeds.start(recording, servers, races, replayServers, stagger);
        long startMs = System.currentTimeMillis();
        System.out.printf(Locale.ROOT, "latency: %d races from %d replay server(s) %s, %s, %d s, "
            + "measuring points: %s%n", races, Math.max(1, Math.min(replayServers, races)),
            ownJvm ? "with their listeners in a JVM of their own"
                : "with their listeners in this JVM", stagger == 0
                ? "in lock-step (all started at once)"
                : "started at random times within " + stagger + " s",
            seconds, stageReaders ? "all (3 readers)" : "race-events only (1 reader)");
        long endMs = startMs + seconds * 1000L;
        long steadyFromMs = startMs + warmup * 1000L;
        // first stage alone: listener (frame arrival) → raw-messages readable (read_uncommitted)
        LongList rawStage = new LongList();
        // when each frame (event code @ created_at) and each event (id) became readable, to split
        // every event's latency into its stages
        Map<String, Long> rawSeen = new ConcurrentHashMap<>();
        Map<String, Long> writtenSeen = new ConcurrentHashMap<>();
        Thread rawThread = PipelineReaders.stageReader("raw-stage",
            () -> PipelineReaders.uncommitted(servers, Topics.RAW_MESSAGES, "bench-raw"),
            "created_at", envelope -> envelope.path("event_code").asText() + "@"
                + envelope.path("created_at").asLong(), rawSeen, rawStage, steadyFromMs, endMs);
        // the parser's output as soon as it is written, before its commit (read_uncommitted)
        LongList uncommittedStage = new LongList();
        Thread uncommittedThread = PipelineReaders.stageReader("uncommitted-stage",
            () -> PipelineReaders.uncommitted(servers, Topics.RACE_EVENTS, "bench-written"), "at",
            event -> event.path("id").asText(),
            writtenSeen, uncommittedStage, steadyFromMs, endMs);
        if (stageReaders) {
          rawThread.start();
          uncommittedThread.start();
        }
        LatencyTally tally = new LatencyTally(startMs, steadyFromMs, warmup * 1000L, delays,
            rawSeen, writtenSeen);
        ParserTimers timers = new ParserTimers(registry);
        long nextReport = System.currentTimeMillis() + 10_000;
        Map<String, ParserTimers.Total> atWarmup = null;
        while (System.currentTimeMillis() < endMs) {
          ConsumerRecords<String, byte[]> batch = events.poll(Duration.ofMillis(100));
          long now = System.currentTimeMillis();
          if (atWarmup == null && now >= steadyFromMs) {
            atWarmup = timers.totals();
          }
          for (ConsumerRecord<String, byte[]> r : batch) {
            JsonNode event = JSON.readTree(r.value());
            long at = event.path("at").asLong(-1);
            if (at < 0) {
              throw new IllegalStateException("event without at: " + new String(r.value()));
            }
            tally.add(event, at, now);
          }
          if (now >= nextReport) {
            System.out.printf(Locale.ROOT, "  %3d s: %s frames received, %d events seen, load %s%n",
                (now - startMs) / 1000, feeds.framesReceived(), tally.all.size(),
                PipelineBench.loadAverage());
            nextReport = now + 10_000;
          }
        }
        long frames = feeds.stop();
        System.out.printf(Locale.ROOT, "%d races for %d s: %d frames (%.1f/s), %d events (%.0f/s)%n",
            races, seconds, frames, frames / (double) seconds, tally.all.size(),
            tally.all.size() / (double) seconds);
        LatencyReport.print("LATENCY websocket → race-events, all events", tally.all);
        LatencyReport.print("LATENCY websocket → race-events, after " + warmup + " s warm-up",
            tally.steady);
        LatencyReport.print("LATENCY websocket → race-events, after " + warmup + " s warm-up and "
            + "the first " + warmup + " s of each race", tally.raceSteady);
        if (stageReaders) {
          rawThread.join(5_000);
          uncommittedThread.join(5_000);
        }
        synchronized (rawStage) {
          LatencyReport.print("STAGE websocket → raw-messages (read_uncommitted), after warm-up",
              rawStage);
        }
        synchronized (uncommittedStage) {
          LatencyReport.print("STAGE websocket → race-events written, before commit "
              + "(read_uncommitted), after warm-up", uncommittedStage);
        }
        LatencyReport.printSplit(tally.split);
        LatencyReport.printSlowestFrames(tally.frames(), tally.steady);
        timers.print(atWarmup);
        System.out.printf(Locale.ROOT, "target p99 < 50 ms (after the warm-up of the run and of "
            + "each race): %s%n", tally.raceSteady.size() > 0
            && tally.raceSteady.percentile(99) < 50 ? "MET" : "NOT MET");
        parsers.stop();
      }
    }
  }
}
