package lts.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import lts.core.event.RaceEvent;
import lts.core.protocol.ApexEngine;
import lts.core.protocol.FeedStats;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The protocol engine replaying a whole recorded race from memory: every frame of the recording
 * into a new {@link ApexEngine}, then {@link ApexEngine#finish}, events into a {@link Blackhole}.
 * One operation is one whole race. {@link #race} scores the average time of a race (ms);
 * {@link #raceRate} measures the same work as races per second, with the secondary results
 * {@code lines}, {@code frames} and {@code events} per second (JMH {@link AuxCounters}).
 *
 * <p>The recording is read (and decompressed) once per trial in {@link #load}, outside the
 * measurement, so the score is the engine alone: no I/O, no gunzip, no frame splitting of the
 * recording format. Single-threaded: the engine is one per feed, fed from one thread.
 *
 * <p>From the repository root: {@code java -jar bench/target/benchmarks.jar}; another recording
 * with {@code -p recording=/path/to/file.log.gz} (any format {@link RecordingReader} reads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Threads(1)
public class EngineBenchmark {

  /** The recording to replay, relative to the working directory (the repository root). */
  @Param({"../shared/data/apex/santos-12h-2026-04-25.log.gz"})
  public String recording;

  private String eventCode;
  private long[] times;
  private String[] frames;

  /** Reads the whole recording into memory and counts its non-empty lines. */
  @Setup(Level.Trial)
  public void load() throws IOException {
    Path path = Path.of(recording);
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toAbsolutePath().normalize().toString(), null,
          "recording not found: run from the repository root, or pass -p recording=PATH");
    }
    List<RecordedFrame> read = new ArrayList<>();
    try (RecordingReader reader = RecordingReader.open(path)) {
      while (reader.hasNext()) {
        read.add(reader.next());
      }
    }
    if (read.isEmpty()) {
      throw new IllegalStateException("recording " + path + " has no frames");
    }
    eventCode = read.get(0).eventCode();
    times = new long[read.size()];
    frames = new String[read.size()];
    long nonEmpty = 0;
    for (int i = 0; i < frames.length; i++) {
      RecordedFrame frame = read.get(i);
      times[i] = frame.at();
      frames[i] = frame.text();
      nonEmpty += nonEmptyLines(frame.text());
    }

    // one untimed replay: the engine's own counters, and a check that it reads every line
    ApexEngine engine = new ApexEngine(eventCode);
    Consumer<RaceEvent> discard = event -> { };
    for (int i = 0; i < frames.length; i++) {
      engine.accept(times[i], frames[i], discard);
    }
    engine.finish(discard);
    FeedStats stats = engine.stats();
    System.out.printf("%n# recording %s: %,d frames, %,d non-empty lines (engine read %,d lines"
        + " outside %,d junk frames), %,d events per race%n", path, frames.length, nonEmpty,
        stats.lines(), stats.junkFrames(), stats.events());
  }

  /** Lines of a frame that are not empty once a trailing {@code \r} is dropped. */
  static long nonEmptyLines(String text) {
    long n = 0;
    int start = 0;
    int len = text.length();
    while (start < len) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = len;
      }
      int last = end;
      if (last > start && text.charAt(last - 1) == '\r') {
        last--;
      }
      if (last > start) {
        n++;
      }
      start = end + 1;
    }
    return n;
  }

  /**
   * Rates reported beside the throughput score, per second of measured time (JMH turns the
   * counts of every race run in an iteration into rates).
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Rates {
    /** Non-empty lines the engine read ({@link FeedStats#lines()}). */
    public long lines;
    /** Frames fed. */
    public long frames;
    /** Events emitted. */
    public long events;

    /** Zero at the start of every iteration. */
    @Setup(Level.Iteration)
    public void reset() {
      lines = 0;
      frames = 0;
      events = 0;
    }
  }

  /** A whole race through a new engine: average time per race. */
  @Benchmark
  public FeedStats race(Blackhole blackhole) {
    return replay(blackhole);
  }

  /**
   * The same work measured as throughput: races/s, with lines/s, frames/s and events/s as
   * secondary results.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public FeedStats raceRate(Blackhole blackhole, Rates rates) {
    FeedStats stats = replay(blackhole);
    rates.lines += stats.lines();
    rates.frames += stats.frames();
    rates.events += stats.events();
    return stats;
  }

  private FeedStats replay(Blackhole blackhole) {
    ApexEngine engine = new ApexEngine(eventCode);
    Consumer<RaceEvent> sink = blackhole::consume;
    long[] t = times;
    String[] f = frames;
    for (int i = 0; i < f.length; i++) {
      engine.accept(t[i], f[i], sink);
    }
    engine.finish(sink);
    return engine.stats();
  }
}
