package lts.app.runner;

import picocli.CommandLine.Option;

/** {@code --kafka_servers}: the broker list every Kafka runner needs (option name as in the original runners). */
public final class KafkaOptions {

  @Option(names = {"--kafka_servers", "--kafka-servers"}, required = true, paramLabel = "HOST:PORT[,…]",
      defaultValue = "${env:LTS_KAFKA_SERVERS}",
      description = "Kafka brokers, separated by commas, e.g. localhost:9092,localhost:9093 "
          + "(env LTS_KAFKA_SERVERS).")
  public String servers;
}
