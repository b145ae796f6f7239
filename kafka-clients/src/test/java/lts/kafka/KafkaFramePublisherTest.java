package lts.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaFramePublisherTest {

  /** Counts what the publisher reports. */
  static final class Counts implements DeliveryTally {
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong lost = new AtomicLong();

    @Override
    public void acknowledged() {
      acknowledged.incrementAndGet();
    }

    @Override
    public void failed() {
      failed.incrementAndGet();
    }

    @Override
    public void lost(long records) {
      lost.addAndGet(records);
    }
  }

  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  private final Counts counts = new Counts();

  /** eventCode|receivedAtMs|frame: enough to see what went out. */
  private static final FrameEncoding PIPES = (code, frame, at) ->
      (code + "|" + at + "|" + frame).getBytes(StandardCharsets.UTF_8);

  private KafkaFramePublisher tellingTheCaller(Duration ackTimeout) {
    return new KafkaFramePublisher(producer,
        PublishSettings.tellingTheCaller("raw-messages", ackTimeout), PIPES,
        counts);
  }

  private KafkaFramePublisher resending() {
    return new KafkaFramePublisher(producer,
        PublishSettings.resending("raw-messages", Duration.ofSeconds(1)), PIPES,
        counts);
  }

  private static String frameOf(org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> r) {
    String value = new String(r.value(), StandardCharsets.UTF_8);
    return value.substring(value.indexOf('|', value.indexOf('|') + 1) + 1);
  }

  @Test
  void aFrameGoesOutEncodedKeyedByItsEventCodeAndItsFutureCompletesOnTheAck() {
    KafkaFramePublisher publisher = tellingTheCaller(Duration.ofSeconds(5));
    CompletableFuture<Void> ack = publisher.send("santos", "r1c1|in|1", 1_782_593_801_000L);
    assertThat(ack).isNotDone();
    assertThat(publisher.pending()).isEqualTo(1);

    producer.completeNext();

    assertThat(ack).isCompleted();
    assertThat(publisher.pending()).isZero();
    assertThat(counts.acknowledged).hasValue(1);
    assertThat(producer.history()).hasSize(1);
    assertThat(producer.history().get(0).topic()).isEqualTo("raw-messages");
    assertThat(producer.history().get(0).key()).isEqualTo("santos");
    assertThat(new String(producer.history().get(0).value(), StandardCharsets.UTF_8))
        .isEqualTo("santos|1782593801000|r1c1|in|1");
  }

  @Test
  void aDeliveryThatTimesOutFailsTheFutureOfACallerWhoRetriesItself() {
    KafkaFramePublisher publisher = tellingTheCaller(Duration.ofMillis(800));
    CompletableFuture<Void> ack = publisher.send("santos", "r1c1|in|1", 1L);

    producer.errorNext(new TimeoutException("expired"));

    assertThatThrownBy(ack::get).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(FramePublisher.PublishException.class)
        .hasMessage("Kafka did not acknowledge the frame within 800 ms");
    assertThat(publisher.health()).isEqualTo("kafka: Kafka did not acknowledge the frame within 800 ms");
    assertThat(producer.history()).hasSize(1); // not sent again: the caller decides
    assertThat(counts.failed).hasValue(1);
  }

  @Test
  void anAcknowledgedFrameClearsTheLastProblem() {
    KafkaFramePublisher publisher = tellingTheCaller(Duration.ofMillis(800));
    publisher.send("santos", "a", 1L);
    producer.errorNext(new TimeoutException("expired"));
    publisher.send("santos", "b", 2L);
    producer.completeNext();
    assertThat(publisher.health()).isNull();
  }

  @Test
  void aFrameTooLargeForKafkaIsFlaggedSoThatNobodyRetriesIt() {
    KafkaFramePublisher publisher = tellingTheCaller(Duration.ofSeconds(5));
    CompletableFuture<Void> ack = publisher.send("santos", "huge", 1L);

    producer.errorNext(new RecordTooLargeException("5 MiB"));

    assertThatThrownBy(ack::get).cause().isInstanceOfSatisfying(
        FramePublisher.PublishException.class, e -> assertThat(e.tooLarge()).isTrue());
  }

  @Test
  void publishWaitsForTheAcknowledgementNoLongerThanTheAckTimeout() {
    KafkaFramePublisher publisher = tellingTheCaller(Duration.ofMillis(200));
    long start = System.nanoTime();
    assertThatThrownBy(() -> publisher.publish("santos", "r1c1|in|1", 1L))
        .isInstanceOf(FramePublisher.PublishException.class)
        .hasMessage("Kafka did not acknowledge the frame within 200 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aFailedDeliveryIsSentAgainBeforeTheNextFrameWhenThePublisherResends() throws Exception {
    KafkaFramePublisher publisher = resending();
    publisher.hold("santos", "first", 1L);
    producer.errorNext(new TimeoutException("delivery timeout"));

    publisher.hold("santos", "second", 2L);
    producer.completeNext();
    producer.completeNext();

    assertThat(producer.history()).extracting(KafkaFramePublisherTest::frameOf)
        .containsExactly("first", "first", "second");
    assertThat(counts.failed).hasValue(1);
    assertThat(counts.acknowledged).hasValue(2);
    assertThat(counts.lost).hasValue(0);
  }

  @Test
  void aFrameRefusedForNowIsHeldAndSentOnceKafkaTakesItAgain() throws Exception {
    KafkaFramePublisher publisher = resending();
    producer.sendException = new TimeoutException("no metadata after 10000 ms");
    Thread holder = new Thread(() -> {
      try {
        publisher.hold("santos", "held", 1L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    holder.start();
    awaitHolding(publisher);
    assertThat(publisher.holdingProblem()).startsWith("Kafka unreachable for ")
        .endsWith(", holding 1 frames");
    assertThat(holder.isAlive()).isTrue();

    producer.sendException = null;
    holder.join(5_000);

    assertThat(holder.isAlive()).isFalse();
    assertThat(publisher.isHolding()).isFalse();
    assertThat(producer.history()).extracting(KafkaFramePublisherTest::frameOf).containsExactly("held");
    assertThat(counts.lost).hasValue(0);
  }

  @Test
  void aFrameStillHeldAtStopIsCountedLost() throws Exception {
    KafkaFramePublisher publisher = resending();
    producer.sendException = new TimeoutException("no metadata after 10000 ms");
    Thread holder = new Thread(() -> {
      try {
        publisher.hold("santos", "held", 1L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    holder.start();
    awaitHolding(publisher);

    publisher.stopHolding();
    holder.join(5_000);

    assertThat(holder.isAlive()).isFalse();
    assertThat(counts.lost).hasValue(1);
  }

  @Test
  void aRecordRefusedForGoodIsLostAtOnceInsteadOfHeld() throws Exception {
    KafkaFramePublisher publisher = resending();
    producer.sendException = new RecordTooLargeException("5 MiB");
    publisher.hold("santos", "huge", 1L);
    assertThat(publisher.isHolding()).isFalse();
    assertThat(counts.lost).hasValue(1);
  }

  @Test
  void closeClosesTheProducer() {
    KafkaFramePublisher publisher = tellingTheCaller(Duration.ofSeconds(1));
    publisher.close();
    assertThat(producer.closed()).isTrue();
  }

  private static void awaitHolding(KafkaFramePublisher publisher) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!publisher.isHolding()) {
      assertThat(System.nanoTime()).as("holding within 5 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
