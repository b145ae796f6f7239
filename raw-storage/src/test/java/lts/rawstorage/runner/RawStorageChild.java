package lts.rawstorage.runner;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A raw-storage runner alone in a JVM, for the {@code kill -9} test:
 * {@code RawStorageChild SERVERS TOPIC GROUP OUTPUT}. SIGTERM stops it cleanly; SIGKILL does not.
 */
public final class RawStorageChild {

  private RawStorageChild() {
  }

  public static void main(String[] args) throws Exception {
    RawStorage.Settings settings = new RawStorage.Settings(args[0], args[1], args[2],
        Path.of(args[3]), RawStorage.Settings.DEFAULT_MAX_RECORD_BYTES, Duration.ofMillis(200),
        Map.of("max.poll.records", "50", "session.timeout.ms", "6000",
            "heartbeat.interval.ms", "1000"));
    RawStorage storage = new RawStorage(settings, new SimpleMeterRegistry());
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      storage.stop();
      try {
        done.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    try {
      storage.run();
    } finally {
      done.countDown();
    }
  }
}
