package lts.bench;

/** The bench programs' own threads: daemons, so that they never keep the JVM alive. */
final class DaemonThreads {

  private DaemonThreads() {
  }

  /** A daemon thread (not started). */
  static Thread of(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }
}
