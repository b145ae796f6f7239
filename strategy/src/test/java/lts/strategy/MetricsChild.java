package lts.strategy;

import lts.store.Database;

/**
 * {@code lts metrics} in a child JVM, for the kill -9 test: args are the Kafka servers, topic,
 * group, database URL, user and password ("-" for none).
 */
public final class MetricsChild {

  private MetricsChild() {
  }

  public static void main(String[] args) throws Exception {
    Database db = Database.open(args[3], dash(args[4]), dash(args[5]));
    MetricsService service = new MetricsService(new MetricsService.Options(args[0], args[2],
        "metrics-child", 5, args[1], lts.contracts.Topics.RACE_UPDATES), db, null);
    service.run();
  }

  private static String dash(String s) {
    return "-".equals(s) ? null : s;
  }
}
