package lts.bench;

import java.util.concurrent.Flow;

/** One SSE client: counts the {@code update} events, their delivery latency. */
final class SseCounter implements Flow.Subscriber<String> {
  final long[] latency;
  volatile int received;
  volatile boolean connected;
  volatile Throwable failure;
  volatile boolean completed;
  private boolean update;

  SseCounter(int updates) {
    latency = new long[updates];
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(String line) {
    long now = System.nanoTime();
    if (line.startsWith(": connected") || line.startsWith(":connected")) {
      connected = true;
    } else if (line.startsWith("event:")) {
      update = line.substring(6).trim().equals("update");
    } else if (line.startsWith("data:") && update) {
      // data: {"seq":N,"sent":NANOS,...}
      String d = line.substring(5);
      int seq = Integer.parseInt(field(d, "\"seq\":"));
      long sent = Long.parseLong(field(d, "\"sent\":"));
      if (seq < latency.length) {
        latency[seq] = now - sent;
      }
      received++;
      update = false;
    }
  }

  private static String field(String d, String key) {
    int i = d.indexOf(key) + key.length();
    int j = i;
    while (j < d.length() && (Character.isDigit(d.charAt(j)) || d.charAt(j) == '-')) {
      j++;
    }
    return d.substring(i, j);
  }

  @Override
  public void onError(Throwable t) {
    failure = t;
  }

  @Override
  public void onComplete() {
    completed = true;
  }
}
