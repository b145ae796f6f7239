package lts.parser.runner;

import java.nio.charset.StandardCharsets;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import lts.contracts.RaceEventCodec;
import lts.core.event.RaceEvent;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events and error envelopes of one transaction: sent inside it, counted for the meters.
 * A failed send surfaces at commit (the transaction aborts); it is logged here once.
 */
final class TransactionOutput implements FrameProcessor.Output {

  private static final Logger log = LoggerFactory.getLogger(TransactionOutput.class);

  private final Producer<String, byte[]> producer;
  private final String eventsTopic;
  private final String errorsTopic;
  private final RaceEventCodec eventCodec;
  private final EnvelopeCodec envelopeCodec;
  private final Callback callback;
  private int events;
  private int errors;

  TransactionOutput(Producer<String, byte[]> producer, String eventsTopic, String errorsTopic,
      RaceEventCodec eventCodec, EnvelopeCodec envelopeCodec) {
    this.producer = producer;
    this.eventsTopic = eventsTopic;
    this.errorsTopic = errorsTopic;
    this.eventCodec = eventCodec;
    this.envelopeCodec = envelopeCodec;
    boolean[] logged = new boolean[1];
    this.callback = (metadata, e) -> {
      if (e != null && !(e instanceof TransactionAbortedException) && !logged[0]) {
        logged[0] = true;
        log.warn("parser: send failed ({}); the transaction will abort", e.toString());
      }
    };
  }

  int events() {
    return events;
  }

  int errors() {
    return errors;
  }

  int sent() {
    return events + errors;
  }

  @Override
  public void event(RaceEvent event) {
    producer.send(new ProducerRecord<>(eventsTopic, event.eventCode(),
        eventCodec.toJson(event).getBytes(StandardCharsets.UTF_8)), callback);
    events++;
  }

  @Override
  public void error(Envelope envelope, String description, String trace) {
    Envelope failed = envelope.withError(description, trace, "parser", System.currentTimeMillis());
    producer.send(new ProducerRecord<>(errorsTopic, envelope.eventCode(),
        envelopeCodec.encode(failed)), callback);
    errors++;
  }
}
