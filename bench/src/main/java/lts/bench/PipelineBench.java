package lts.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import lts.core.protocol.ApexEngine;
import lts.kafka.broker.EmbeddedKafka;
import lts.kafka.KafkaClients;
import lts.contracts.Topics;
import lts.listener.ws.ReplayServer;
import lts.listener.ws.WsListener;
import lts.parser.runner.ParserConfig;
import lts.parser.runner.ParserRunner;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * End-to-end speed of the pipeline, a program, not a JMH benchmark:
 * {@code java -cp bench/target/benchmarks.jar lts.bench.PipelineBench [throughput|latency]}.
 *
 * <ul>
 *   <li>{@code throughput}: the 12 h Santos race replayed at max speed through one
 *       {@link WsListener}, an embedded Kafka (1 partition) and one {@link ParserRunner}; wall time
 *       from the start of the replay until {@code race-events} (read_committed) holds as many
 *       events as a fresh {@link ApexEngine} gives for the same frames (without finish).</li>
 *   <li>{@code latency}: 50 races at real-time speed over the Santos 3 h recording (one replay
 *       server standing for Apex, 50 listeners with distinct event codes, one parser, 6
 *       partitions) for 3 min; the races start at random times within the first 60 s (each
 *       listener connects after its delay and gets the recording from its start), as 50 real
 *       races would, or all at once ({@code -Dbench.stagger=0}: every frame then arrives with
 *       its 49 copies in the same millisecond, the worst case). Per event, the time the
 *       race-events consumer (read_committed) sees it minus its {@code at} (the envelope's
 *       created_at, set by the listener when the frame arrived). The headline figure leaves out
 *       the first 15 s of the run (JIT, group joins) and of each race (its listener's start:
 *       a new websocket and producer, and the snapshot of the grid of 72 events Apex sends on
 *       connection); with all races started at once the two are the same. To attribute it, the
 *       same difference at two earlier points (read_uncommitted readers: the frame written to
 *       {@code raw-messages}; the event written to {@code race-events} before its commit), the
 *       slowest frames, and the parser's own timers ({@code lts.parser.record.age},
 *       {@code lts.parser.transaction} and its parts).</li>
 * </ul>
 *
 * <p>System properties: {@code bench.data} (directory of the recordings, default
 * {@code ../shared/data/apex}), {@code bench.races} (50), {@code bench.seconds} (180),
 * {@code bench.stagger} (seconds over which the races start, 60; 0 = all at once),
 * {@code bench.servers} (replay servers, 1), {@code bench.feedsJvm} (true: the replay server and
 * the listeners run in a child JVM, as separate runners would; false), {@code bench.stages}
 * (false: only the race-events reader, without the two attribution readers; true),
 * {@code bench.partitions} (6), {@code bench.warmup} (seconds left out, 15),
 * {@code bench.fetchMaxWaitMs} ({@code fetch.max.wait.ms} of the race-events reader, default
 * that of {@link KafkaClients#consumer}), {@code parsers} (parser instances in the group, 1).
 */
public final class PipelineBench {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PipelineBench() {
  }

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "throughput";
    Path data = Path.of(System.getProperty("bench.data", "../shared/data/apex"));
    System.out.printf(Locale.ROOT, "PipelineBench %s: %d cpus, load average %s, java %s, max heap %d MiB%n",
        mode, Runtime.getRuntime().availableProcessors(), loadAverage(),
        System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    Path tmp = Files.createTempDirectory("lts-pipeline-bench");
    try {
      switch (mode) {
        case "throughput" -> throughput(data.resolve("santos-12h-2026-04-25.log.gz"), tmp);
        case "latency" -> latency(data.resolve("santos-3h-first-30min.ndjson.gz"), tmp);
        case "feeds" -> Feeds.runAsChild(args);
        default -> {
          System.err.println("usage: PipelineBench [throughput|latency]");
          System.exit(2);
        }
      }
      System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
    } finally {
      deleteTree(tmp);
    }
    System.exit(0); // stray client threads (websocket, Kafka) must not keep the JVM alive
  }

  // ---------------------------------------------------------------------------------------------

  private static void throughput(Path recording, Path tmp) throws Exception {
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
      Thread parserThread = daemon("parser", parser::run);
      parserThread.start();
      waitHealthy(parser);
      try (KafkaConsumer<String, byte[]> events = eventsConsumer(servers)) {
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
        Thread listenerThread = daemon("listener", () -> {
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

  // ---------------------------------------------------------------------------------------------

  private static void latency(Path recording, Path tmp) throws Exception {
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
      List<ParserRunner> parsers = new ArrayList<>();
      List<Thread> parserThreads = new ArrayList<>();
      for (int p = 0; p < parserCount; p++) {
        ParserConfig config = ParserConfig.of(servers);
        if (parserCount > 1) {
          config = config.withTransactionalId(config.transactionalId() + "-" + p);
        }
        ParserRunner runner = new ParserRunner(config, registry);
        parsers.add(runner);
        Thread t = daemon("parser-" + p, runner::run);
        parserThreads.add(t);
        t.start();
      }
      for (ParserRunner runner : parsers) {
        waitHealthy(runner);
      }
      System.out.printf("latency: %d parser instance(s)%n", parserCount);
      try (KafkaConsumer<String, byte[]> events = eventsConsumer(servers)) {
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
        Thread rawThread = stageReader("raw-stage",
            () -> uncommittedConsumer(servers, Topics.RAW_MESSAGES, "bench-raw"), "created_at",
            envelope -> envelope.path("event_code").asText() + "@"
                + envelope.path("created_at").asLong(), rawSeen, rawStage, steadyFromMs, endMs);
        // the parser's output as soon as it is written, before its commit (read_uncommitted)
        LongList uncommittedStage = new LongList();
        Thread uncommittedThread = stageReader("uncommitted-stage",
            () -> uncommittedConsumer(servers, Topics.RACE_EVENTS, "bench-written"), "at",
            event -> event.path("id").asText(),
            writtenSeen, uncommittedStage, steadyFromMs, endMs);
        if (stageReaders) {
          rawThread.start();
          uncommittedThread.start();
        }
        LongList all = new LongList();
        LongList steady = new LongList();
        // the same warm-up counted from each race's own start (its listener's connection)
        LongList raceSteady = new LongList();
        List<long[]> split = new ArrayList<>(); // total, to raw, raw to written, written to committed
        Map<String, FrameLatency> frameLatencies = new HashMap<>(); // by event code @ arrival
        Map<String, Long> firstFrameAt = new HashMap<>(); // each race's first frame
        long nextReport = System.currentTimeMillis() + 10_000;
        Map<String, double[]> atWarmup = null;
        while (System.currentTimeMillis() < endMs) {
          ConsumerRecords<String, byte[]> batch = events.poll(Duration.ofMillis(100));
          long now = System.currentTimeMillis();
          if (atWarmup == null && now >= steadyFromMs) {
            atWarmup = timerTotals(registry);
          }
          for (ConsumerRecord<String, byte[]> r : batch) {
            JsonNode event = JSON.readTree(r.value());
            long at = event.path("at").asLong(-1);
            if (at < 0) {
              throw new IllegalStateException("event without at: " + new String(r.value()));
            }
            String code = event.path("event_code").asText();
            String frameKey = code + "@" + at;
            firstFrameAt.putIfAbsent(code, at);
            all.add(now - at);
            if (at < steadyFromMs) {
              continue;
            }
            steady.add(now - at);
            int race = Integer.parseInt(code.substring("race".length()));
            if (at >= startMs + delays[race] + warmup * 1000L) {
              raceSteady.add(now - at);
            }
            Long raw = rawSeen.get(frameKey);
            Long written = writtenSeen.get(event.path("id").asText());
            long[] stages = raw == null || written == null ? null
                : new long[] {now - at, raw - at, written - raw, now - written};
            if (stages != null) {
              split.add(stages);
            }
            frameLatencies.computeIfAbsent(frameKey, k -> new FrameLatency(code, at,
                firstFrameAt.get(code) == at)).add(now - at, stages);
          }
          if (now >= nextReport) {
            System.out.printf(Locale.ROOT, "  %3d s: %s frames received, %d events seen, load %s%n",
                (now - startMs) / 1000, feeds.framesReceived(), all.size, loadAverage());
            nextReport = now + 10_000;
          }
        }
        long frames = feeds.stop();
        System.out.printf(Locale.ROOT, "%d races for %d s: %d frames (%.1f/s), %d events (%.0f/s)%n",
            races, seconds, frames, frames / (double) seconds, all.size, all.size / (double) seconds);
        print("LATENCY websocket → race-events, all events", all);
        print("LATENCY websocket → race-events, after " + warmup + " s warm-up", steady);
        print("LATENCY websocket → race-events, after " + warmup + " s warm-up and the first "
            + warmup + " s of each race", raceSteady);
        if (stageReaders) {
          rawThread.join(5_000);
          uncommittedThread.join(5_000);
        }
        synchronized (rawStage) {
          print("STAGE websocket → raw-messages (read_uncommitted), after warm-up", rawStage);
        }
        synchronized (uncommittedStage) {
          print("STAGE websocket → race-events written, before commit (read_uncommitted), after "
              + "warm-up", uncommittedStage);
        }
        printSplit(split);
        printSlowestFrames(frameLatencies.values(), steady);
        printTimers(registry, atWarmup);
        System.out.printf(Locale.ROOT, "target p99 < 50 ms (after the warm-up of the run and of "
            + "each race): %s%n", raceSteady.size > 0 && raceSteady.percentile(99) < 50 ? "MET"
            : "NOT MET");
        parsers.forEach(ParserRunner::stop);
        for (Thread t : parserThreads) {
          t.join(10_000);
        }
      }
    }
  }

  /**
   * A reader of one measuring point (not started): until {@code endMs}, for each record whose
   * time field {@code atField} is at or after {@code steadyFromMs}, when it was first read (under
   * its {@code key}, in {@code seen}) and its latency (into {@code stage}, which it locks).
   */
  private static Thread stageReader(String name,
      Supplier<KafkaConsumer<String, byte[]>> consumer, String atField,
      Function<JsonNode, String> key, Map<String, Long> seen, LongList stage,
      long steadyFromMs, long endMs) {
    return daemon(name, () -> {
      try (KafkaConsumer<String, byte[]> reader = consumer.get()) {
        while (System.currentTimeMillis() < endMs) {
          ConsumerRecords<String, byte[]> batch = reader.poll(Duration.ofMillis(100));
          long now = System.currentTimeMillis();
          for (ConsumerRecord<String, byte[]> r : batch) {
            JsonNode value = JSON.readTree(r.value());
            long at = value.path(atField).asLong(-1);
            if (at >= steadyFromMs) {
              seen.putIfAbsent(key.apply(value), now);
              synchronized (stage) {
                stage.add(now - at);
              }
            }
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Each event's latency in stages: percentiles of each, and the stages of the slowest 1 %. */
  private static void printSplit(List<long[]> split) {
    if (split.isEmpty()) {
      return;
    }
    String[] names = {"websocket → raw-messages readable", "raw-messages readable → event written "
        + "(parser poll, engine, send)", "event written → readable committed (commit, markers, "
        + "fetch)"};
    for (int stage = 1; stage <= 3; stage++) {
      LongList values = new LongList();
      for (long[] e : split) {
        values.add(e[stage]);
      }
      print("SPLIT " + names[stage - 1] + ", per event after warm-up", values);
    }
    List<long[]> sorted = new ArrayList<>(split);
    sorted.sort(Comparator.comparingLong(e -> -e[0]));
    int n = Math.max(1, sorted.size() / 100);
    double[] mean = new double[4];
    for (long[] e : sorted.subList(0, n)) {
      for (int i = 0; i < 4; i++) {
        mean[i] += e[i] / (double) n;
      }
    }
    System.out.printf(Locale.ROOT, "SPLIT the slowest 1 %% (%d events, total ≥ %d ms): mean total "
        + "%.1f ms = %.1f to raw-messages + %.1f parser to written + %.1f written to committed%n",
        n, sorted.get(n - 1)[0], mean[0], mean[1], mean[2], mean[3]);
  }

  /**
   * The frames whose events make the slowest 1 %: a frame's events all share its arrival time,
   * so one frame that brings many events (a snapshot of the grid when a listener connects) weighs
   * as much in the per-event percentiles as that many frames of one event each.
   */
  private static void printSlowestFrames(java.util.Collection<FrameLatency> frames,
      LongList steady) {
    if (frames.isEmpty() || steady.size == 0) {
      return;
    }
    long p99 = steady.percentile(99);
    List<FrameLatency> slow = new ArrayList<>();
    LongList perFrame = new LongList();
    for (FrameLatency f : frames) {
      perFrame.add(f.events);
      if (f.slowest >= p99) {
        slow.add(f);
      }
    }
    slow.sort(Comparator.comparingInt((FrameLatency f) -> f.events).reversed());
    StringBuilder line = new StringBuilder();
    for (FrameLatency f : slow.subList(0, Math.min(8, slow.size()))) {
      line.append(String.format(Locale.ROOT, "%n  %s@%d (%s): %d events, %d ms%s%s", f.code, f.at,
          LocalTime.ofInstant(Instant.ofEpochMilli(f.at), ZoneId.systemDefault()), f.events,
          f.slowest, f.stages == null ? "" : String.format(Locale.ROOT, " = %d to raw-messages + "
              + "%d parser to written + %d written to committed", f.stages[1], f.stages[2],
              f.stages[3]),
          f.first ? " (the race's first frame)" : ""));
    }
    System.out.printf(Locale.ROOT, "FRAMES after warm-up: %d frames with events, events per frame "
        + "p50 %d, p99 %d, max %d; %d frame(s) with an event at or over the p99 (%d ms), most "
        + "events first:%s%n", frames.size(), perFrame.percentile(50), perFrame.percentile(99),
        perFrame.max(), slow.size(), p99, line);
  }

  /** One frame's events after warm-up: how many, and the latency and stages of the slowest. */
  private static final class FrameLatency {
    final String code;
    final long at;
    final boolean first; // the race's first frame (the snapshot sent on connection)
    int events;
    long slowest = -1;
    long[] stages; // of the slowest event, as in the split; null when not all were seen

    FrameLatency(String code, long at, boolean first) {
      this.code = code;
      this.at = at;
      this.first = first;
    }

    void add(long latency, long[] eventStages) {
      events++;
      if (latency >= slowest) {
        slowest = latency;
        stages = eventStages;
      }
    }
  }

  private static final List<String> PARSER_TIMERS = List.of("lts.parser.record.age",
      "lts.parser.transaction", "lts.parser.transaction.offsets", "lts.parser.transaction.commit");

  /** Count and total time (ms) of each parser timer now. */
  private static Map<String, double[]> timerTotals(SimpleMeterRegistry registry) {
    Map<String, double[]> totals = new HashMap<>();
    for (String name : PARSER_TIMERS) {
      Timer timer = registry.find(name).timer();
      if (timer != null) {
        totals.put(name, new double[] {timer.count(), timer.totalTime(TimeUnit.MILLISECONDS)});
      }
    }
    return totals;
  }

  /**
   * The parser's own timers: percentiles over the whole run (warm-up included), and the mean
   * after warm-up (from the count and total at the end of the warm-up).
   */
  private static void printTimers(SimpleMeterRegistry registry, Map<String, double[]> atWarmup) {
    for (String name : PARSER_TIMERS) {
      Timer timer = registry.find(name).timer();
      if (timer == null) {
        continue;
      }
      double[] before = atWarmup == null ? null : atWarmup.get(name);
      if (before != null && timer.count() > before[0]) {
        System.out.printf(Locale.ROOT, "PARSER %s after warm-up: %d, mean %.1f ms%n", name,
            (long) (timer.count() - before[0]),
            (timer.totalTime(TimeUnit.MILLISECONDS) - before[1]) / (timer.count() - before[0]));
      }
      HistogramSnapshot snapshot = timer.takeSnapshot();
      StringBuilder line = new StringBuilder();
      for (ValueAtPercentile v : snapshot.percentileValues()) {
        line.append(String.format(Locale.ROOT, ", p%s %.1f", trim(v.percentile() * 100),
            v.value(TimeUnit.MILLISECONDS)));
      }
      System.out.printf(Locale.ROOT, "PARSER %s (%d, whole run), ms: mean %.1f%s, max %.1f%n", name,
          snapshot.count(), snapshot.mean(TimeUnit.MILLISECONDS), line,
          snapshot.max(TimeUnit.MILLISECONDS));
    }
  }

  private static String trim(double percentile) {
    return percentile == Math.rint(percentile) ? String.valueOf((long) percentile)
        : String.valueOf(percentile);
  }

  private static void print(String title, LongList latencies) {
    if (latencies.size == 0) {
      System.out.println(title + ": no events");
      return;
    }
    System.out.printf(Locale.ROOT, "%s (%d events), ms: p50 %d, p95 %d, "
        + "p99 %d, p99.9 %d, max %d%n", title, latencies.size, latencies.percentile(50),
        latencies.percentile(95), latencies.percentile(99), latencies.percentile(99.9),
        latencies.max());
  }

  // ---------------------------------------------------------------------------------------------

  private static KafkaConsumer<String, byte[]> eventsConsumer(String servers) {
    java.util.Properties p = KafkaClients.consumer(servers, "bench-" + System.nanoTime(),
        "bench-events");
    String fetchMaxWait = System.getProperty("bench.fetchMaxWaitMs");
    if (fetchMaxWait != null) {
      p.put("fetch.max.wait.ms", fetchMaxWait);
    }
    KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p);
    c.subscribe(List.of(Topics.RACE_EVENTS));
    return c;
  }

  /** A read_uncommitted reader of {@code topic}: sees what is written, before any commit. */
  private static KafkaConsumer<String, byte[]> uncommittedConsumer(String servers, String topic,
      String name) {
    java.util.Properties p = KafkaClients.consumer(servers, name + "-" + System.nanoTime(), name);
    p.put("isolation.level", "read_uncommitted");
    KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p);
    c.subscribe(List.of(topic));
    return c;
  }

  private static void waitHealthy(ParserRunner parser) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (parser.health() != null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("parser not healthy after 60 s: " + parser.health());
      }
      Thread.sleep(50);
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  private static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // a temp directory: left behind
        }
      });
    } catch (IOException e) {
      // idem
    }
  }

  /**
   * The 50 races: replay servers standing for Apex, and one {@link WsListener} per race (event
   * codes race00…), each connecting after its start delay. Runs in this JVM, or in a child JVM
   * ({@code -Dbench.feedsJvm=true}: as deployed, the listeners are runners of their own, and
   * their allocation, GC pauses and threads then do not stop the broker and the parser).
   */
  private abstract static class Feeds {

    /** Frames the listeners received so far ("?" when not known yet). */
    abstract String framesReceived();

    /** Stops the listeners and the replays; the frames they received. */
    abstract long stop() throws Exception;

    static Feeds start(Path recording, String kafka, int races, int replayServers, int stagger)
        throws IOException {
      List<ReplayServer> replays = new ArrayList<>();
      // Apex serves every feed from its own servers: one replay server (a thread per client)
      // stands for them by default; -Dbench.servers=N spreads the races over N servers
      for (int i = 0; i < Math.max(1, Math.min(replayServers, races)); i++) {
        replays.add(ReplayServer.start(recording, 0, ReplayServer.Options.speed(1.0),
            progress -> { }));
      }
      // a replay plays the recording from its start to each client that connects: a listener
      // connecting later is a race that started later. In lock-step (stagger 0) each frame of
      // every race arrives in the same millisecond as its 49 copies; independent races start at
      // random times (fixed seed) within the stagger
      long[] delays = delays(races, stagger);
      List<WsListener> listeners = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < races; i++) {
        long delayMs = delays[i];
        WsListener listener = WsListener.create(WsListener.Config.of(
                replays.get(i % replays.size()).uri())
            .withEventCode(String.format(Locale.ROOT, "race%02d", i)), kafka,
            new SimpleMeterRegistry());
        listeners.add(listener);
        Thread t = daemon("listener-" + i, () -> {
          try {
            Thread.sleep(delayMs);
            listener.run();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
        threads.add(t);
        t.start();
      }
      return new Feeds() {
        @Override
        String framesReceived() {
          return String.valueOf(listeners.stream().mapToLong(WsListener::framesReceived).sum());
        }

        @Override
        long stop() throws Exception {
          long frames = listeners.stream().mapToLong(WsListener::framesReceived).sum();
          listeners.forEach(WsListener::stop);
          for (Thread t : threads) {
            t.join(5_000);
          }
          for (ReplayServer r : replays) {
            r.close();
          }
          return frames;
        }
      };
    }

    /** When each race starts (its listener connects), in ms from the start of the feeds. */
    static long[] delays(int races, int stagger) {
      Random random = new Random(42);
      long[] delays = new long[races];
      for (int i = 0; i < races; i++) {
        delays[i] = stagger == 0 ? 0 : (long) (random.nextDouble() * stagger * 1000);
      }
      return delays;
    }

    /** The child JVM: {@code feeds RECORDING KAFKA RACES SERVERS STAGGER SECONDS}. */
    static void runAsChild(String[] args) throws Exception {
      Feeds feeds = start(Path.of(args[1]), args[2], Integer.parseInt(args[3]),
          Integer.parseInt(args[4]), Integer.parseInt(args[5]));
      System.out.println("FEEDS started");
      long end = System.currentTimeMillis() + Integer.parseInt(args[6]) * 1000L;
      while (System.currentTimeMillis() < end) {
        Thread.sleep(1000);
        System.out.println("FEEDS frames " + feeds.framesReceived());
      }
      System.out.println("FEEDS frames " + feeds.stop());
      System.out.println("FEEDS done");
    }

    static Feeds inChildJvm(Path recording, String kafka, int races, int replayServers,
        int stagger, int seconds) throws Exception {
      Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
      Process child = new ProcessBuilder(javaBinary.toString(), "-cp",
          System.getProperty("java.class.path"), PipelineBench.class.getName(), "feeds",
          recording.toString(), kafka, String.valueOf(races), String.valueOf(replayServers),
          String.valueOf(stagger), String.valueOf(seconds))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8));
      String[] frames = {"?"};
      String line;
      while ((line = out.readLine()) != null && !line.equals("FEEDS started")) {
        // the child's start-up log
      }
      if (line == null) {
        throw new IllegalStateException("the feeds' JVM ended before starting its listeners");
      }
      Thread reader = daemon("feeds-output", () -> {
        try {
          String l;
          while ((l = out.readLine()) != null) {
            if (l.startsWith("FEEDS frames ")) {
              frames[0] = l.substring("FEEDS frames ".length());
            }
          }
        } catch (IOException e) {
          // the child is gone
        }
      });
      reader.start();
      return new Feeds() {
        @Override
        String framesReceived() {
          return frames[0];
        }

        @Override
        long stop() throws Exception {
          if (!child.waitFor(30, TimeUnit.SECONDS)) {
            child.destroyForcibly();
          }
          reader.join(5_000);
          return frames[0].equals("?") ? -1 : Long.parseLong(frames[0]);
        }
      };
    }
  }

  /** A growable array of longs with nearest-rank percentiles. */
  private static final class LongList {
    private long[] values = new long[1 << 16];
    private int size;
    private boolean sorted;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
      sorted = false;
    }

    long percentile(double p) {
      sort();
      int rank = (int) Math.ceil(p / 100.0 * size);
      return values[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    long max() {
      sort();
      return values[size - 1];
    }

    private void sort() {
      if (!sorted) {
        Arrays.sort(values, 0, size);
        sorted = true;
      }
    }
  }
}
