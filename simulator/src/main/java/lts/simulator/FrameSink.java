package lts.simulator;

/**
 * Receives the frames of a simulated feed, in order, as the Apex server would send them.
 *
 * <p>The exception type lets a sink that writes a file throw its {@code IOException} straight
 * through {@link RaceSimulator#run}: {@code RaceSimulator.run(settings, (at, text) ->
 * writer.write(...))} declares {@code throws IOException}; a sink that throws nothing checked
 * (for example {@code (at, text) -> list.add(...)}) makes {@code run} throw nothing checked.
 *
 * @param <X> the checked exception the sink may throw
 */
@FunctionalInterface
public interface FrameSink<X extends Exception> {

  /**
   * One websocket text frame.
   *
   * @param atEpochMs when the frame is received, epoch milliseconds (never decreasing)
   * @param text the frame: {@code \n}-separated {@code key|param|value} lines (or junk)
   */
  void frame(long atEpochMs, String text) throws X;
}
