package lts.parser.runner;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A parser in a process of its own, for the hard-kill test: {@code ParserProcess SERVERS RAW EVENTS
 * ERRORS GROUP}. SIGTERM stops it cleanly; SIGKILL is the crash under test.
 */
public final class ParserProcess {

  private ParserProcess() {
  }

  /** Starts a parser process on the test's class path, its output to {@code log}. */
  static Process start(String servers, TestKafka.TopicSet t, String group, Path log) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", classpath,
        ParserProcess.class.getName(), servers, t.raw(), t.events(), t.errors(), group);
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }

  public static void main(String[] args) throws Exception {
    ParserConfig config = ParserConfig.of(args[0]).withInputTopic(args[1]).withOutputTopic(args[2])
        .withErrorsTopic(args[3]).withGroup(args[4]).withPollTimeout(Duration.ofMillis(100));
    ParserRunner runner = new ParserRunner(config, new SimpleMeterRegistry());
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      runner.stop();
      try {
        done.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    try {
      runner.run();
    } finally {
      done.countDown();
    }
  }
}
