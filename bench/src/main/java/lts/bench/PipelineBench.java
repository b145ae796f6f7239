package lts.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import lts.core.protocol.ApexEngine;
import lts.kafka.KafkaClients;
import lts.listener.ws.WsListener;
import lts.parser.runner.ParserRunner;

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
        case "throughput" -> ThroughputRun.run(data.resolve("santos-12h-2026-04-25.log.gz"), tmp);
        case "latency" -> LatencyRun.run(data.resolve("santos-3h-first-30min.ndjson.gz"), tmp);
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

  /** The three load averages of /proc/loadavg, "unknown" when it cannot be read. */
  static String loadAverage() {
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
}
