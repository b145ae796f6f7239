package lts.parser.runner;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The parser's meters (Micrometer), registered once, named as {@link ParserRunner} lists them. */
final class ParserMeters {

  /** What one committed transaction did, for the meters. */
  record Transaction(int recordsIn, int events, int errors, Map<String, Integer> framesByCode,
      long fromPollNanos, long offsetsNanos, long commitNanos) {
  }

  private final MeterRegistry registry;
  private final Counter recordsIn;
  private final Counter eventsOut;
  private final Counter errorsOut;
  private final Counter committed;
  private final Counter aborted;
  private final Counter rebuildRecords;
  private final Timer rebuildTimer;
  private final Timer transactionTimer;
  private final Timer offsetsTimer;
  private final Timer commitTimer;
  private final Timer recordAge;
  private final AtomicLong lag = new AtomicLong();
  private final Map<String, Counter> framesByCode = new ConcurrentHashMap<>();

  ParserMeters(MeterRegistry registry) {
    this.registry = registry;
    this.recordsIn = Counter.builder("lts.parser.records.in")
        .description("Input records consumed and committed (not counting rebuilds)").register(registry);
    this.eventsOut = Counter.builder("lts.parser.events.out")
        .description("Race events published (committed)").register(registry);
    this.errorsOut = Counter.builder("lts.parser.errors.out")
        .description("Error envelopes published (committed)").register(registry);
    this.committed = Counter.builder("lts.parser.transactions").tag("result", "committed")
        .description("Transactions").register(registry);
    this.aborted = Counter.builder("lts.parser.transactions").tag("result", "aborted")
        .description("Transactions").register(registry);
    this.rebuildRecords = Counter.builder("lts.parser.rebuild.records")
        .description("Input records re-read to rebuild the engines").register(registry);
    this.rebuildTimer = Timer.builder("lts.parser.rebuild")
        .description("Rebuilds of a partition's engines (re-read up to the committed offset)")
        .register(registry);
    this.transactionTimer = Timer.builder("lts.parser.transaction")
        .description("Committed transactions, from their batch being polled (top-up included) to "
            + "commitTransaction returning").register(registry);
    this.offsetsTimer = Timer.builder("lts.parser.transaction.offsets")
        .description("sendOffsetsToTransaction calls (committed transactions)").register(registry);
    this.commitTimer = Timer.builder("lts.parser.transaction.commit")
        .description("commitTransaction calls (committed transactions)").register(registry);
    this.recordAge = Timer.builder("lts.parser.record.age")
        .description("Input records, from their timestamp (the listener's send, on its clock) to "
            + "their batch being polled (top-up included)").register(registry);
    Gauge.builder("lts.parser.consumer.lag", lag, AtomicLong::get)
        .description("Records of the assigned input partitions not consumed yet").register(registry);
  }

  /**
   * The gauge of how many protocol engines there are. Micrometer holds its object weakly: it is
   * the runner's own {@link PartitionEngines}, never a lambda that only the gauge would hold (it
   * would read NaN after a garbage collection).
   */
  void engines(PartitionEngines engines) {
    Gauge.builder("lts.parser.engines", engines, PartitionEngines::count)
        .description("Protocol engines (one per event code and partition)").register(registry);
  }

  void committed(Transaction t) {
    committed.increment();
    transactionTimer.record(t.fromPollNanos(), TimeUnit.NANOSECONDS);
    offsetsTimer.record(t.offsetsNanos(), TimeUnit.NANOSECONDS);
    commitTimer.record(t.commitNanos(), TimeUnit.NANOSECONDS);
    recordsIn.increment(t.recordsIn());
    eventsOut.increment(t.events());
    errorsOut.increment(t.errors());
    t.framesByCode().forEach((code, n) -> framesByCode.computeIfAbsent(code, c ->
        Counter.builder("lts.parser.frames").tag("event_code", c)
            .description("Frames read by the event code's engine (not counting rebuilds)")
            .register(registry)).increment(n));
  }

  /** A committed record's age: its timestamp to its batch being polled. */
  void recordAge(long ageMs) {
    recordAge.record(Math.max(0, ageMs), TimeUnit.MILLISECONDS);
  }

  void aborted() {
    aborted.increment();
  }

  void rebuilt(long records, long nanos) {
    rebuildTimer.record(nanos, TimeUnit.NANOSECONDS);
    rebuildRecords.increment(records);
  }

  void lag(long records) {
    lag.set(records);
  }
}
