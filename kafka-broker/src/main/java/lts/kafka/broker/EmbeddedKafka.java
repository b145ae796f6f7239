package lts.kafka.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft: broker and controller in one node, no ZooKeeper)
 * running in this JVM: for {@code lts kafka}, {@code lts demo} and the tests. Formats its data
 * directory on first start, listens on 127.0.0.1, and creates the topics it is given (the
 * pipeline passes {@code lts.contracts.Topics.ALL}).
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private final KafkaRaftServer server;
  private volatile boolean closed;

  private EmbeddedKafka(Path dataDir, int port, int controllerPort, KafkaRaftServer server) {
    this.dataDir = dataDir;
    this.port = port;
    this.controllerPort = controllerPort;
    this.server = server;
  }

  /**
   * Formats (first time only) and starts a broker.
   *
   * @param dataDir where the broker keeps its log segments and metadata
   * @param port the client port, 0 for any free port
   * @param partitions partitions of each topic created at start
   * @param topics the topics to create at start (those that do not exist yet)
   */
  public static EmbeddedKafka start(Path dataDir, int port, int partitions, List<String> topics) throws IOException {
    Files.createDirectories(dataDir);
    int clientPort = port == 0 ? freePort() : port;
    int controllerPort = freePort();
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", dataDir.resolve("logs").toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "3");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "3");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    props.put("num.partitions", String.valueOf(partitions));
    format(dataDir, props);
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    EmbeddedKafka kafka = new EmbeddedKafka(dataDir, clientPort, controllerPort, server);
    try {
      kafka.createTopics(topics, partitions);
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    log.info("Kafka broker ready on {} (data in {})", kafka.bootstrapServers(), dataDir);
    return kafka;
  }

  private static void format(Path dataDir, Properties props) throws IOException {
    if (Files.exists(dataDir.resolve("logs/meta.properties"))) {
      return; // formatted before: keep its cluster id and records
    }
    Path config = dataDir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(config)) {
      props.store(out, "written by lts (EmbeddedKafka) for kafka-storage format");
    }
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    int code;
    try (PrintStream print = new PrintStream(text, true, StandardCharsets.UTF_8)) {
      code = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
          "-c", config.toString()}, print);
    }
    if (code != 0) {
      throw new IOException("cannot format the Kafka data directory " + dataDir + ": "
          + text.toString(StandardCharsets.UTF_8).trim());
    }
  }

  /** Creates topics that do not exist yet (partitions as given, replication 1, retention forever). */
  public void createTopics(List<String> names, int partitions) {
    try (Admin admin = admin()) {
      List<NewTopic> topics = new ArrayList<>();
      for (String name : names) {
        topics.add(new NewTopic(name, partitions, (short) 1)
            .configs(Map.of("retention.ms", "-1", "min.insync.replicas", "1")));
      }
      admin.createTopics(topics).values().forEach((name, future) -> {
        try {
          future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e);
          }
        } catch (Exception e) {
          throw new IllegalStateException("cannot create topic " + name + ": " + e, e);
        }
      });
      // metadata reaches the broker a moment after the controller created the topics
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      while (!existing.containsAll(names)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topics still missing 30 s after creation: " + names
              + " (broker has " + existing + ")");
        }
        Thread.sleep(100);
        existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      }
      // and every partition has a leader: an idempotent producer's first batches to a partition
      // without one can be lost (KAFKA-15591)
      while (!allLed(admin, names)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topics without partition leaders 30 s after creation: " + names);
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (Exception e) {
      throw e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
    }
  }

  private static boolean allLed(Admin admin, List<String> names) throws Exception {
    return admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
        .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
  }

  /** An admin client for this broker (close it). */
  public Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    return Admin.create(p);
  }

  /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the broker and waits until it has. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
    log.info("Kafka broker on port {} stopped", port);
  }

  /** Waits until the broker is stopped (by {@link #close} from another thread). */
  public void awaitShutdown() {
    server.awaitShutdown();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  /** How long a fresh broker took to become ready, for logs. */
  static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
