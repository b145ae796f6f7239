package lts.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The life of a runner of the pipeline (parser, metrics, raw-storage, the api's updates listener),
 * the same for all: it runs once, {@code NEW → STARTING → RUNNING → STOPPED}, or {@code FAILED}
 * with the reason; while running, its loop beats ({@link #beat}) and a loop not seen for longer
 * than its stall limit is reported. {@link #health} is what {@code GET /health} shows: null when
 * healthy, else one sentence a user can act on. Thread-safe: the loop writes, any thread reads.
 */
public final class RunnerState {

  /** Where a runner is in its life. */
  public enum Phase { NEW, STARTING, RUNNING, STOPPED, FAILED }

  private final String name;
  private final long stallNanos;
  private final LongSupplier nanoTime;
  private volatile Phase phase = Phase.NEW;
  private volatile String problem;
  private volatile long lastBeat;
  private volatile boolean stopping;

  /**
   * @param name the runner's name in the messages ({@code parser})
   * @param stallAfter how long the loop may not beat before {@link #health} reports it stalled
   */
  public RunnerState(String name, Duration stallAfter) {
    this(name, stallAfter, System::nanoTime);
  }

  /** With a clock of its own (tests). */
  public RunnerState(String name, Duration stallAfter, LongSupplier nanoTime) {
    this.name = Objects.requireNonNull(name, "name");
    if (stallAfter.isNegative() || stallAfter.isZero()) {
      throw new IllegalArgumentException("the stall limit must be positive, not " + stallAfter);
    }
    this.stallNanos = stallAfter.toNanos();
    this.nanoTime = nanoTime;
    this.lastBeat = nanoTime.getAsLong();
  }

  /** {@code NEW → STARTING}. @throws IllegalStateException when it ran already */
  public synchronized void starting() {
    if (phase != Phase.NEW) {
      throw new IllegalStateException("a " + name + " runner runs once (it is " + phase + ")");
    }
    phase = Phase.STARTING;
    lastBeat = nanoTime.getAsLong();
  }

  /** Connected: {@code STARTING → RUNNING}; clears the problem of the start. */
  public void running() {
    problem = null;
    lastBeat = nanoTime.getAsLong();
    phase = Phase.RUNNING;
  }

  /** The loop is alive. */
  public void beat() {
    lastBeat = nanoTime.getAsLong();
  }

  /** Something to report while going on (Kafka away, a retry); null clears it. */
  public void problem(String problem) {
    this.problem = problem;
  }

  /** The problem reported, or null. */
  public String problem() {
    return problem;
  }

  /** It stopped for good because of {@code reason}. */
  public void failed(String reason) {
    problem = reason;
    phase = Phase.FAILED;
  }

  /** It returned: {@code STOPPED}, unless it {@link #failed}. */
  public void stopped() {
    if (phase != Phase.FAILED) {
      phase = Phase.STOPPED;
    }
  }

  /** Asks the loop to return ({@link #stopping} becomes true); any thread. */
  public void requestStop() {
    stopping = true;
  }

  /** True once a stop was asked. */
  public boolean stopping() {
    return stopping;
  }

  /** Where it is. */
  public Phase phase() {
    return phase;
  }

  /** Null when healthy, else what is wrong. */
  public String health() {
    String p = problem;
    return switch (phase) {
      case NEW -> name + " not started";
      case STARTING -> p != null ? p : name + " starting: connecting to Kafka";
      case STOPPED -> name + " stopped";
      case FAILED -> name + " failed: " + p;
      case RUNNING -> {
        long idle = nanoTime.getAsLong() - lastBeat;
        yield idle > stallNanos ? name + " loop stalled for " + Duration.ofNanos(idle).toSeconds()
            + " s" + (p == null ? "" : ": " + p) : null;
      }
    };
  }
}
