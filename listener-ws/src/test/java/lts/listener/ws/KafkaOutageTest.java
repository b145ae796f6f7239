package lts.listener.ws;

import static lts.listener.ws.TestSupport.numberedRecording;
import static lts.listener.ws.TestSupport.readTopic;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import lts.kafka.broker.EmbeddedKafka;
import lts.contracts.Topics;
import lts.testkit.Await;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

/** Kafka goes away while the feed keeps coming: nothing is lost, nothing duplicated. */
@Execution(ExecutionMode.CONCURRENT)
class KafkaOutageTest {

  @TempDir
  Path dir;

  @Test
  void nothingIsLostNorDuplicatedWhenKafkaIsDownFor20SecondsMidStream() throws Exception {
    int n = 2_000;
    Path recording = numberedRecording(dir, "outage.ndjson", n, 12); // 24 s at speed 1
    Path kafkaDir = dir.resolve("kafka");
    EmbeddedKafka kafka = TestSupport.startKafka(kafkaDir, 0, 3);
    int port = kafka.port();
    WsListener listener;
    double recoveredInS;
    try (ReplayServer server = ReplayServer.start(recording, 0, ReplayServer.Options.speed(1), null);
        TestSupport.Running running = new TestSupport.Running(listener = WsListener.create(
            WsListener.Config.of(server.uri()).withEventCode("outage"), kafka.bootstrapServers(),
            new SimpleMeterRegistry()))) {
      Await.until(Duration.ofSeconds(20),
          () -> listener.recordsAcked() >= 200, () -> "200 frames acknowledged");
      kafka.close();
      long downAt = System.nanoTime();
      long receivedAtDown = listener.framesReceived();
      Thread.sleep(20_000); // the outage the test provokes: Kafka stays down for 20 s
      long receivedDuringOutage = listener.framesReceived() - receivedAtDown;
      long ackedBeforeRestart = listener.recordsAcked();
      boolean held = listener.isHolding();
      String health = listener.health();
      kafka = TestSupport.startKafka(kafkaDir, port, 3);
      long restartedAt = System.nanoTime();
      // the producer forgets the topic's metadata when the broker goes: send() then blocks and the
      // listener holds the frame, so the websocket is held back (the server waits)
      System.out.printf("Kafka down for %.1f s: %d frames received meanwhile, %d records pending,"
          + " holding=%s, health=%s%n", (restartedAt - downAt) / 1e9, receivedDuringOutage,
          listener.recordsPending(), held, health);
      assertThat(held).as("the listener holds frames while Kafka is down").isTrue();
      assertThat(health).startsWith("Kafka unreachable");
      Await.until(Duration.ofSeconds(30),
          () -> listener.framesReceived() == n, () -> "every frame received");
      Await.until(Duration.ofSeconds(60),
          () -> listener.recordsAcked() >= n, () -> "every frame acknowledged");
      recoveredInS = (System.nanoTime() - restartedAt) / 1e9;
      assertThat(ackedBeforeRestart).isLessThan(n);
      assertThat(running.isAlive()).isTrue();
      assertThat(server.framesSent()).isEqualTo(n);
    }
    try {
      List<Integer> seqs = TestSupport.frames(readTopic(kafka.bootstrapServers(), Topics.RAW_MESSAGES,
          n, Duration.ofSeconds(30))).stream().map(TestSupport::seq).collect(Collectors.toList());
      TestSupport.Counts counts = TestSupport.Counts.of(n, listener.recordsAcked(), seqs, recoveredInS);
      System.out.println(counts.line("Kafka down 20 s mid-stream") + " send_failures="
          + listener.sendFailures() + " records_lost=" + listener.recordsLost());
      assertThat(counts.lost()).isZero();
      assertThat(counts.missing()).isZero();
      assertThat(counts.duplicated()).isZero();
      assertThat(counts.outOfOrder()).isZero();
      assertThat(seqs).hasSize(n);
      assertThat(listener.recordsLost()).isZero();
    } finally {
      kafka.close();
    }
  }

  @Test
  void framesAreHeldNotDroppedWhileKafkaIsUnreachableAndTheWebsocketIsHeldBack() throws Exception {
    int n = 300;
    Path recording = numberedRecording(dir, "held.ndjson", n, 1);
    int port;
    // a port nothing listens on yet (bound, then closed): Kafka is unreachable until it starts
    // on that very port
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Properties settings = WsListener.producerSettings("127.0.0.1:" + port);
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1500"); // 10 s in production
    EmbeddedKafka kafka = null;
    WsListener listener;
    try (ReplayServer server = ReplayServer.start(recording, 0,
        ReplayServer.Options.speed(ReplayServer.MAX_SPEED), null);
        TestSupport.Running running = new TestSupport.Running(listener = new WsListener(
            WsListener.Config.of(server.uri()).withEventCode("held"), new KafkaProducer<>(settings),
            new SimpleMeterRegistry()))) {
      Await.until(Duration.ofSeconds(10), listener::isHolding, () -> "holding");
      // held through two max.block windows (1.5 s): the producer refused the frame twice
      Await.until(Duration.ofSeconds(20), () -> listener.handOffsRefused() >= 2,
          () -> "refused: " + listener.handOffsRefused());
      // one frame is held: the next one is not even read from the socket
      assertThat(listener.framesReceived()).isEqualTo(1);
      assertThat(listener.health()).startsWith("Kafka unreachable for").contains("holding 1 frames");
      assertThat(listener.recordsLost()).isZero();
      kafka = TestSupport.startKafka(dir.resolve("kafka"), port, 3);
      long startedAt = System.nanoTime();
      Await.until(Duration.ofSeconds(60),
          () -> listener.recordsAcked() == n, () -> "every frame acknowledged");
      double recoveredInS = (System.nanoTime() - startedAt) / 1e9;
      assertThat(listener.isHolding()).isFalse();
      assertThat(listener.health()).isNull();
      List<Integer> seqs = TestSupport.frames(readTopic(kafka.bootstrapServers(), Topics.RAW_MESSAGES,
          n, Duration.ofSeconds(30))).stream().map(TestSupport::seq).collect(Collectors.toList());
      TestSupport.Counts counts = TestSupport.Counts.of(n, listener.recordsAcked(), seqs, recoveredInS);
      System.out.println(counts.line("Kafka unreachable at start (frames held, websocket held back)"));
      assertThat(seqs).containsExactlyElementsOf(
          java.util.stream.IntStream.range(0, n).boxed().collect(Collectors.toList()));
      assertThat(counts.lost() + counts.duplicated() + counts.outOfOrder()).isZero();
    } finally {
      if (kafka != null) {
        kafka.close();
      }
    }
  }

  @Test
  void aRecordWhoseDeliveryTimesOutIsLoggedCountedAndSentAgain() throws Exception {
    int n = 400;
    Path recording = numberedRecording(dir, "expiring.ndjson", n, 25); // 10 s at speed 1
    Path kafkaDir = dir.resolve("kafka");
    EmbeddedKafka kafka = TestSupport.startKafka(kafkaDir, 0, 3);
    int port = kafka.port();
    Properties settings = WsListener.producerSettings(kafka.bootstrapServers());
    // 5 min in production: here the buffered records expire while the broker is away
    settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000");
    settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000");
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1500");
    settings.put(ProducerConfig.LINGER_MS_CONFIG, "200");
    WsListener listener;
    double recoveredInS;
    try (ReplayServer server = ReplayServer.start(recording, 0, ReplayServer.Options.speed(1), null);
        TestSupport.Running running = new TestSupport.Running(listener = new WsListener(
            WsListener.Config.of(server.uri()).withEventCode("expiring"),
            new KafkaProducer<>(settings), new SimpleMeterRegistry()))) {
      Await.until(Duration.ofSeconds(20),
          () -> listener.recordsAcked() >= 50, () -> "50 frames acknowledged");
      kafka.close();
      Await.until(Duration.ofSeconds(30),
          () -> listener.sendFailures() > 0, () -> "a delivery failed");
      Thread.sleep(3_000); // the broker stays away a delivery timeout (3 s): buffered records expire
      kafka = TestSupport.startKafka(kafkaDir, port, 3);
      long restartedAt = System.nanoTime();
      Await.until(Duration.ofSeconds(60),
          () -> listener.framesReceived() == n, () -> "every frame received");
      Await.until(Duration.ofSeconds(60),
          () -> listener.recordsAcked() >= n, () -> "every frame acknowledged");
      recoveredInS = (System.nanoTime() - restartedAt) / 1e9;
      assertThat(running.isAlive()).isTrue();
    }
    try {
      List<Integer> seqs = TestSupport.frames(readTopic(kafka.bootstrapServers(), Topics.RAW_MESSAGES,
          n, Duration.ofSeconds(30))).stream().map(TestSupport::seq).collect(Collectors.toList());
      TestSupport.Counts counts = TestSupport.Counts.of(n, listener.recordsAcked(), seqs, recoveredInS);
      System.out.println(counts.line("delivery timeout (3 s) expired while Kafka was down")
          + " send_failures=" + listener.sendFailures() + " records_lost=" + listener.recordsLost());
      assertThat(listener.sendFailures()).isPositive();
      assertThat(listener.recordsLost()).isZero();
      assertThat(counts.lost()).isZero();
      assertThat(counts.missing()).isZero();
      assertThat(listener.recordsAcked()).isEqualTo(n); // each frame acknowledged once in the end
    } finally {
      kafka.close();
    }
  }
}
