package lts.parser.runner;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link ParserRunner} running in its own thread, as {@code lts parser} runs it. */
final class RunningParser implements AutoCloseable {

  final ParserRunner runner;
  final MeterRegistry registry;
  final long startedNanos = System.nanoTime();
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private RunningParser(ParserConfig config, ParserRunner.TransactionHook hook) {
    this.registry = new SimpleMeterRegistry();
    this.runner = new ParserRunner(config, registry);
    runner.hook(hook);
    this.thread = new Thread(() -> {
      try {
        runner.run();
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "parser-" + config.transactionalId());
    thread.setDaemon(true);
    thread.start();
  }

  static RunningParser start(ParserConfig config) {
    return new RunningParser(config, ParserRunner.TransactionHook.NONE);
  }

  static RunningParser start(ParserConfig config, ParserRunner.TransactionHook hook) {
    return new RunningParser(config, hook);
  }

  /** Waits until run() has returned or thrown; returns what it threw (null: clean stop). */
  Throwable awaitEnd(Duration timeout) throws InterruptedException {
    thread.join(timeout.toMillis());
    if (thread.isAlive()) {
      throw new AssertionError("the parser did not end within " + timeout.toSeconds() + " s");
    }
    return failure.get();
  }

  boolean isAlive() {
    return thread.isAlive();
  }

  /** A clean stop: stop(), then run() must return without an exception. */
  @Override
  public void close() throws InterruptedException {
    runner.stop();
    Throwable t = awaitEnd(Duration.ofSeconds(30));
    if (t != null) {
      throw new AssertionError("the parser failed", t);
    }
  }

  double counter(String name) {
    return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }
}
