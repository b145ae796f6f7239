package lts.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import lts.parser.runner.ParserConfig;
import lts.parser.runner.ParserRunner;

/**
 * The parser instances of the latency run, in one group (as that many replicas would be), the
 * partitions shared among them; each on a daemon thread of its own.
 */
final class ParserGroup {

  private final List<ParserRunner> parsers;
  private final List<Thread> threads;

  private ParserGroup(List<ParserRunner> parsers, List<Thread> threads) {
    this.parsers = parsers;
    this.threads = threads;
  }

  /** {@code count} parsers started and healthy; each its own transactional id when several. */
  static ParserGroup start(String servers, int count, SimpleMeterRegistry registry)
      throws InterruptedException {
    List<ParserRunner> parsers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      ParserConfig config = ParserConfig.of(servers);
      if (count > 1) {
        config = config.withTransactionalId(config.transactionalId() + "-" + p);
      }
      ParserRunner runner = new ParserRunner(config, registry);
      parsers.add(runner);
      Thread t = DaemonThreads.of("parser-" + p, runner::run);
      threads.add(t);
      t.start();
    }
    for (ParserRunner runner : parsers) {
      waitHealthy(runner);
    }
    return new ParserGroup(parsers, threads);
  }

  /** Stops every parser, then waits up to 10 s for each thread. */
  void stop() throws InterruptedException {
    parsers.forEach(ParserRunner::stop);
    for (Thread t : threads) {
      t.join(10_000);
    }
  }

  static void waitHealthy(ParserRunner parser) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (parser.health() != null) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("parser not healthy after 60 s: " + parser.health());
      }
      Thread.sleep(50);
    }
  }
}
