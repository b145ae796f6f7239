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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lts.core.protocol.ApexEngine;
import lts.kafka.EmbeddedKafka;
import lts.kafka.KafkaClients;
import lts.kafka.Topics;
import lts.listener.ws.ReplayServer;
import lts.listener.ws.WsListener;
import lts.parser.runner.ParserConfig;
import lts.parser.runner.ParserRunner;
import lts.rawstorage.recording.RecordedFrame;
import lts.rawstorage.recording.RecordingReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * End-to-end speed of the pipeline (issue 4), a program, not a JMH benchmark:
 * {@code java -cp bench/target/benchmarks.jar lts.bench.PipelineBench [throughput|latency]}.
 *
 * <ul>
 *   <li>{@code throughput}: the 12 h Santos race replayed at max speed through one
 *       {@link WsListener}, an embedded Kafka (1 partition) and one {@link ParserRunner}; wall time
 *       from the start of the replay until {@code race-events} (read_committed) holds as many
 *       events as a fresh {@link ApexEngine} gives for the same frames (without finish).</li>
 *   <li>{@code latency}: 50 races at real-time speed (50 replay servers over the Santos 3 h
 *       recording, 50 listeners with distinct event codes, one parser, 6 partitions) for 2 min;
 *       per event, the time the race-events consumer sees it minus its {@code at} (the envelope's
 *       created_at, set by the listener when the frame arrived). To attribute it, the same
 *       difference at two earlier points (read_uncommitted readers: the frame written to
 *       {@code raw-messages}; the event written to {@code race-events} before its commit) and the
 *       parser's own timers ({@code lts.parser.record.age}, {@code lts.parser.transaction} and
 *       its parts).</li>
 * </ul>
 *
 * <p>System properties: {@code bench.data} (directory of the recordings, default
 * {@code ../shared/data/apex}), {@code bench.races} (50), {@code bench.seconds} (120),
 * {@code bench.partitions} (6), {@code bench.warmup} (seconds left out of the steady-state
 * latency figures, 15), {@code bench.fetchMaxWaitMs} ({@code fetch.max.wait.ms} of the
 * race-events reader, default that of {@link KafkaClients#consumer}).
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

    try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"), 0, 1)) {
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
    int seconds = Integer.getInteger("bench.seconds", 120);
    int partitions = Integer.getInteger("bench.partitions", 6);
    int warmup = Integer.getInteger("bench.warmup", 15);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"), 0, partitions)) {
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
      List<ReplayServer> replays = new ArrayList<>();
      List<WsListener> listeners = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      try (KafkaConsumer<String, byte[]> events = eventsConsumer(servers)) {
        events.poll(Duration.ofSeconds(2));
        Thread.sleep(1000);
        for (int i = 0; i < races; i++) {
          replays.add(ReplayServer.start(recording, 0, ReplayServer.Options.speed(1.0),
              progress -> { }));
        }
        long startMs = System.currentTimeMillis();
        for (int i = 0; i < races; i++) {
          WsListener listener = WsListener.create(WsListener.Config.of(replays.get(i).uri())
              .withEventCode(String.format(Locale.ROOT, "race%02d", i)), servers,
              new SimpleMeterRegistry());
          listeners.add(listener);
          Thread t = daemon("listener-" + i, () -> {
            try {
              listener.run();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
          threads.add(t);
          t.start();
        }
        long endMs = startMs + seconds * 1000L;
        long steadyFromMs = startMs + warmup * 1000L;
        // first stage alone: listener (frame arrival) → raw-messages readable (read_uncommitted)
        LongList rawStage = new LongList();
        // when each frame (event code @ created_at) and each event (id) became readable, to split
        // every event's latency into its stages
        Map<String, Long> rawSeen = new ConcurrentHashMap<>();
        Map<String, Long> writtenSeen = new ConcurrentHashMap<>();
        Thread rawThread = daemon("raw-stage", () -> {
          try (KafkaConsumer<String, byte[]> raw = rawConsumer(servers)) {
            while (System.currentTimeMillis() < endMs) {
              ConsumerRecords<String, byte[]> batch = raw.poll(Duration.ofMillis(100));
              long now = System.currentTimeMillis();
              for (ConsumerRecord<String, byte[]> r : batch) {
                JsonNode envelope = JSON.readTree(r.value());
                long at = envelope.path("created_at").asLong(-1);
                if (at >= steadyFromMs) {
                  rawSeen.putIfAbsent(envelope.path("event_code").asText() + "@" + at, now);
                  synchronized (rawStage) {
                    rawStage.add(now - at);
                  }
                }
              }
            }
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
        rawThread.start();
        // the parser's output as soon as it is written, before its commit (read_uncommitted)
        LongList uncommittedStage = new LongList();
        Thread uncommittedThread = daemon("uncommitted-stage", () -> {
          try (KafkaConsumer<String, byte[]> written = uncommittedEventsConsumer(servers)) {
            while (System.currentTimeMillis() < endMs) {
              ConsumerRecords<String, byte[]> batch = written.poll(Duration.ofMillis(100));
              long now = System.currentTimeMillis();
              for (ConsumerRecord<String, byte[]> r : batch) {
                JsonNode event = JSON.readTree(r.value());
                long at = event.path("at").asLong(-1);
                if (at >= steadyFromMs) {
                  writtenSeen.put(event.path("id").asText(), now);
                  synchronized (uncommittedStage) {
                    uncommittedStage.add(now - at);
                  }
                }
              }
            }
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
        uncommittedThread.start();
        LongList all = new LongList();
        LongList steady = new LongList();
        List<long[]> split = new ArrayList<>(); // total, to raw, raw to written, written to committed
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
            all.add(now - at);
            if (at >= steadyFromMs) {
              steady.add(now - at);
              Long raw = rawSeen.get(event.path("event_code").asText() + "@" + at);
              Long written = writtenSeen.get(event.path("id").asText());
              if (raw != null && written != null) {
                split.add(new long[] {now - at, raw - at, written - raw, now - written});
              }
            }
          }
          if (now >= nextReport) {
            long frames = listeners.stream().mapToLong(WsListener::framesReceived).sum();
            System.out.printf(Locale.ROOT, "  %3d s: %d frames received, %d events seen, load %s%n",
                (now - startMs) / 1000, frames, all.size, loadAverage());
            nextReport = now + 10_000;
          }
        }
        long frames = listeners.stream().mapToLong(WsListener::framesReceived).sum();
        System.out.printf(Locale.ROOT, "%d races for %d s: %d frames (%.1f/s), %d events (%.0f/s)%n",
            races, seconds, frames, frames / (double) seconds, all.size, all.size / (double) seconds);
        print("LATENCY websocket → race-events, all events", all);
        print("LATENCY websocket → race-events, after " + warmup + " s warm-up", steady);
        rawThread.join(5_000);
        uncommittedThread.join(5_000);
        synchronized (rawStage) {
          print("STAGE websocket → raw-messages (read_uncommitted), after warm-up", rawStage);
        }
        synchronized (uncommittedStage) {
          print("STAGE websocket → race-events written, before commit (read_uncommitted), after "
              + "warm-up", uncommittedStage);
        }
        printSplit(split);
        printTimers(registry, atWarmup);
        System.out.printf(Locale.ROOT, "target p99 < 50 ms (steady state): %s%n",
            steady.size > 0 && steady.percentile(99) < 50 ? "MET" : "NOT MET");
        for (WsListener l : listeners) {
          l.stop();
        }
        parsers.forEach(ParserRunner::stop);
        for (Thread t : threads) {
          t.join(5_000);
        }
        for (Thread t : parserThreads) {
          t.join(10_000);
        }
        for (ReplayServer r : replays) {
          r.close();
        }
      }
    }
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

  private static KafkaConsumer<String, byte[]> uncommittedEventsConsumer(String servers) {
    java.util.Properties p = KafkaClients.consumer(servers, "bench-written-" + System.nanoTime(),
        "bench-written");
    p.put("isolation.level", "read_uncommitted");
    KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p);
    c.subscribe(List.of(Topics.RACE_EVENTS));
    return c;
  }

  private static KafkaConsumer<String, byte[]> rawConsumer(String servers) {
    java.util.Properties p = KafkaClients.consumer(servers, "bench-raw-" + System.nanoTime(),
        "bench-raw");
    p.put("isolation.level", "read_uncommitted");
    KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p);
    c.subscribe(List.of(Topics.RAW_MESSAGES));
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
