package lts.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import lts.listener.ws.ReplayServer;
import lts.listener.ws.WsListener;

/**
 * The 50 races: replay servers standing for Apex, and one {@link WsListener} per race (event
 * codes race00…), each connecting after its start delay. Runs in this JVM, or in a child JVM
 * ({@code -Dbench.feedsJvm=true}: as deployed, the listeners are runners of their own, and
 * their allocation, GC pauses and threads then do not stop the broker and the parser).
 */
abstract class Feeds {

  /** Frames the listeners received so far ("?" when not known yet). */
  abstract String framesReceived();

  /** Stops the listeners and the replays; the frames they received. */
  abstract long stop() throws Exception;

  static Feeds start(Path recording, String kafka, int races, int replayServers, int stagger)
      throws IOException {
    List<ReplayServer> replays = new ArrayList<>();
    // Apex serves every feed from its own servers: one replay server (a thread per client)
    // stands for them by default; -Dbench.servers=N spreads the races over N servers
    for (int i = 0; i < Math.max(1, Math.min(replayServers, races)); i++) {
      replays.add(ReplayServer.start(recording, 0, ReplayServer.Options.speed(1.0),
          progress -> { }));
    }
    // a replay plays the recording from its start to each client that connects: a listener
    // connecting later is a race that started later. In lock-step (stagger 0) each frame of
    // every race arrives in the same millisecond as its 49 copies; independent races start at
    // random times (fixed seed) within the stagger
    long[] delays = delays(races, stagger);
    List<WsListener> listeners = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < races; i++) {
      long delayMs = delays[i];
      WsListener listener = WsListener.create(WsListener.Config.of(
              replays.get(i % replays.size()).uri())
          .withEventCode(String.format(Locale.ROOT, "race%02d", i)), kafka,
          new SimpleMeterRegistry());
      listeners.add(listener);
      Thread t = DaemonThreads.of("listener-" + i, () -> {
        try {
          Thread.sleep(delayMs);
          listener.run();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      threads.add(t);
      t.start();
    }
    return new Feeds() {
      @Override
      String framesReceived() {
        return String.valueOf(listeners.stream().mapToLong(WsListener::framesReceived).sum());
      }

      @Override
      long stop() throws Exception {
        long frames = listeners.stream().mapToLong(WsListener::framesReceived).sum();
        listeners.forEach(WsListener::stop);
        for (Thread t : threads) {
          t.join(5_000);
        }
        for (ReplayServer r : replays) {
          r.close();
        }
        return frames;
      }
    };
  }

  /** When each race starts (its listener connects), in ms from the start of the feeds. */
  static long[] delays(int races, int stagger) {
    Random random = new Random(42);
    long[] delays = new long[races];
    for (int i = 0; i < races; i++) {
      delays[i] = stagger == 0 ? 0 : (long) (random.nextDouble() * stagger * 1000);
    }
    return delays;
  }

  /** The child JVM: {@code feeds RECORDING KAFKA RACES SERVERS STAGGER SECONDS}. */
  static void runAsChild(String[] args) throws Exception {
    Feeds feeds = start(Path.of(args[1]), args[2], Integer.parseInt(args[3]),
        Integer.parseInt(args[4]), Integer.parseInt(args[5]));
    System.out.println("FEEDS started");
    long end = System.currentTimeMillis() + Integer.parseInt(args[6]) * 1000L;
    while (System.currentTimeMillis() < end) {
      Thread.sleep(1000);
      System.out.println("FEEDS frames " + feeds.framesReceived());
    }
    System.out.println("FEEDS frames " + feeds.stop());
    System.out.println("FEEDS done");
  }

  static Feeds inChildJvm(Path recording, String kafka, int races, int replayServers,
      int stagger, int seconds) throws Exception {
    Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(javaBinary.toString(), "-cp",
        System.getProperty("java.class.path"), PipelineBench.class.getName(), "feeds",
        recording.toString(), kafka, String.valueOf(races), String.valueOf(replayServers),
        String.valueOf(stagger), String.valueOf(seconds))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8));
    String[] frames = {"?"};
    String line;
    while ((line = out.readLine()) != null && !line.equals("FEEDS started")) {
      // the child's start-up log
    }
    if (line == null) {
      throw new IllegalStateException("the feeds' JVM ended before starting its listeners");
    }
    Thread reader = DaemonThreads.of("feeds-output", () -> {
      try {
        String l;
        while ((l = out.readLine()) != null) {
          if (l.startsWith("FEEDS frames ")) {
            frames[0] = l.substring("FEEDS frames ".length());
          }
        }
      } catch (IOException e) {
        // the child is gone
      }
    });
    reader.start();
    return new Feeds() {
      @Override
      String framesReceived() {
        return frames[0];
      }

      @Override
      long stop() throws Exception {
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
        reader.join(5_000);
        return frames[0].equals("?") ? -1 : Long.parseLong(frames[0]);
      }
    };
  }
}
