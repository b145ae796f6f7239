package lts.parser.runner;

import java.time.Duration;
import java.util.Objects;
import lts.contracts.Topics;

/**
 * What a {@link ParserRunner} reads, writes and how it identifies itself. Build it with
 * {@link #of(String)} and the {@code with…} methods.
 *
 * @param servers Kafka {@code bootstrap.servers}
 * @param inputTopic envelopes of websocket frames, keyed by event code ({@code raw-messages})
 * @param outputTopic typed race events as JSON, keyed by event code ({@code race-events})
 * @param errorsTopic envelopes the parser could not use, with {@code error_description} and
 *     {@code error_trace} ({@code raw-messages-errors})
 * @param group the consumer group (committed offsets of the input live there)
 * @param transactionalId the producer's {@code transactional.id}, stable per instance so that a
 *     restarted instance fences its zombie; also the consumer's {@code group.instance.id}
 * @param pollTimeout how long one {@code poll} waits for records
 * @param maxFrameChars frames longer than this are not parsed but sent to the errors topic. Part
 *     of the deterministic transformation: change it only together with a reset of the output
 */
public record ParserConfig(String servers, String inputTopic, String outputTopic, String errorsTopic,
    String group, String transactionalId, Duration pollTimeout, int maxFrameChars) {

  /** The default group. */
  public static final String DEFAULT_GROUP = "parser";
  /** Frames above this many characters are rejected (the largest real frame is about 27,000). */
  public static final int DEFAULT_MAX_FRAME_CHARS = 256 * 1024;

  public ParserConfig {
    requireText(servers, "servers");
    requireText(inputTopic, "inputTopic");
    requireText(outputTopic, "outputTopic");
    requireText(errorsTopic, "errorsTopic");
    requireText(group, "group");
    requireText(transactionalId, "transactionalId");
    Objects.requireNonNull(pollTimeout, "pollTimeout");
    if (pollTimeout.isNegative() || pollTimeout.isZero()) {
      throw new IllegalArgumentException("pollTimeout must be positive");
    }
    if (maxFrameChars < 1) {
      throw new IllegalArgumentException("maxFrameChars must be positive");
    }
    if (inputTopic.equals(outputTopic) || inputTopic.equals(errorsTopic)) {
      throw new IllegalArgumentException("the input topic " + inputTopic
          + " cannot also be an output topic");
    }
  }

  /** The defaults: raw-messages → race-events / raw-messages-errors, group parser, id lts-parser-parser. */
  public static ParserConfig of(String servers) {
    return new ParserConfig(servers, Topics.RAW_MESSAGES, Topics.RACE_EVENTS,
        Topics.RAW_MESSAGES_ERRORS, DEFAULT_GROUP, defaultTransactionalId(DEFAULT_GROUP),
        Duration.ofMillis(500), DEFAULT_MAX_FRAME_CHARS);
  }

  /** {@code lts-parser-<group>}. */
  public static String defaultTransactionalId(String group) {
    return "lts-parser-" + group;
  }

  public ParserConfig withInputTopic(String topic) {
    return new ParserConfig(servers, topic, outputTopic, errorsTopic, group, transactionalId,
        pollTimeout, maxFrameChars);
  }

  public ParserConfig withOutputTopic(String topic) {
    return new ParserConfig(servers, inputTopic, topic, errorsTopic, group, transactionalId,
        pollTimeout, maxFrameChars);
  }

  public ParserConfig withErrorsTopic(String topic) {
    return new ParserConfig(servers, inputTopic, outputTopic, topic, group, transactionalId,
        pollTimeout, maxFrameChars);
  }

  /**
   * Another group; the transactional id follows ({@code lts-parser-<group>}) unless it was set to
   * something else before.
   */
  public ParserConfig withGroup(String newGroup) {
    String id = transactionalId.equals(defaultTransactionalId(group))
        ? defaultTransactionalId(newGroup) : transactionalId;
    return new ParserConfig(servers, inputTopic, outputTopic, errorsTopic, newGroup, id,
        pollTimeout, maxFrameChars);
  }

  public ParserConfig withTransactionalId(String id) {
    return new ParserConfig(servers, inputTopic, outputTopic, errorsTopic, group, id, pollTimeout,
        maxFrameChars);
  }

  public ParserConfig withPollTimeout(Duration timeout) {
    return new ParserConfig(servers, inputTopic, outputTopic, errorsTopic, group, transactionalId,
        timeout, maxFrameChars);
  }

  public ParserConfig withMaxFrameChars(int max) {
    return new ParserConfig(servers, inputTopic, outputTopic, errorsTopic, group, transactionalId,
        pollTimeout, max);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
