package lts.kafka;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Why Kafka did not take a record: {@link ForNow} (the broker is away, the buffer is full: the
 * same record may be taken later) or {@link ForGood} (too large, topic invalid, not authorised,
 * producer closed: sending it again cannot help).
 */
public sealed interface Refusal permits Refusal.ForNow, Refusal.ForGood {

  /** What the producer said. */
  Exception cause();

  /** The record may be taken later. */
  record ForNow(Exception cause) implements Refusal {
  }

  /** The record will never be taken. */
  record ForGood(Exception cause) implements Refusal {
  }

  /** Classifies a producer error; anything not known to be final is worth trying again. */
  static Refusal of(Exception error) {
    if (error instanceof RetriableException) {
      return new ForNow(error);
    }
    boolean forGood = error instanceof RecordTooLargeException
        || error instanceof RecordBatchTooLargeException || error instanceof InvalidTopicException
        || error instanceof AuthorizationException || error instanceof AuthenticationException
        || error instanceof SerializationException
        || error instanceof IllegalStateException; // producer closed
    return forGood ? new ForGood(error) : new ForNow(error);
  }
}
