package lts.simulator;

import java.util.PriorityQueue;

/**
 * The simulation's future: events in time order, ties in the order they were scheduled (so that
 * a seed always gives the same race).
 */
final class EventQueue {

  /** An event due at {@code at}; {@code seq} is its place in scheduling order. */
  record Scheduled(long at, long seq, SimEvent event) implements Comparable<Scheduled> {
    @Override
    public int compareTo(Scheduled o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
  private long seq;

  void schedule(long at, SimEvent event) {
    queue.add(new Scheduled(at, seq++, event));
  }

  /** The next event, or null when there is none. */
  Scheduled next() {
    return queue.poll();
  }
}
