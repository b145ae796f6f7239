package lts.app.runner;

/**
 * A long-running stage of the pipeline. {@link #run()} blocks until {@link #stop()} is called
 * (from another thread: the SIGTERM hook) or it fails; it returns normally after a clean stop.
 */
public interface Runner {

  /** Runs until stopped. */
  void run() throws Exception;

  /** Asks {@link #run()} to finish what it is doing and return (consumers: {@code wakeup()}). */
  void stop();

  /** Null when healthy, else what is wrong (for {@code GET /health}). */
  default String health() {
    return null;
  }
}
