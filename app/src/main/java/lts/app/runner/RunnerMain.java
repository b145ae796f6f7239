package lts.app.runner;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Runner} as a process: starts the admin server when asked, stops cleanly on
 * SIGTERM / Ctrl-C (the runner's {@code stop()}, then waits up to 30 s for {@code run()} to
 * return), and gives the exit code.
 */
public final class RunnerMain {

  private static final Logger log = LoggerFactory.getLogger(RunnerMain.class);

  private RunnerMain() {
  }

  /** Runs {@code runner} until it stops; returns 0 after a clean stop, 1 after a failure. */
  public static int run(String name, Runner runner, AdminOptions admin, PrometheusMeterRegistry registry)
      throws Exception {
    AdminServer server = admin != null && admin.port >= 0
        ? AdminServer.start(admin.port, registry, runner::health) : null;
    if (server != null) {
      admin.bound(server.port());
    }
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      log.info("{}: stopping (signal received)", name);
      runner.stop();
      try {
        if (!done.await(30, TimeUnit.SECONDS)) {
          log.warn("{}: did not stop within 30 s", name);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, name + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      runner.run();
      log.info("{}: stopped", name);
      return 0;
    } finally {
      done.countDown();
      if (server != null) {
        server.close();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: nothing to remove
      }
    }
  }
}
