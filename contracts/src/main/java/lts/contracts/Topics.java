package lts.contracts;

import java.util.List;

/** The pipeline's topic names (the defaults of every runner's options). */
public final class Topics {

  /** Websocket frames as envelopes, keyed by event code (listeners → raw-storage, parser). */
  public static final String RAW_MESSAGES = "raw-messages";
  /** Typed race events as JSON, keyed by event code (parser → metrics). */
  public static final String RACE_EVENTS = "race-events";
  /** What the parser could not use, with error_description and error_trace. */
  public static final String RAW_MESSAGES_ERRORS = "raw-messages-errors";
  /** Small "changed" notifications after each database commit (metrics → api). */
  public static final String RACE_UPDATES = "race-updates";

  /** Every topic the pipeline needs, in pipeline order. */
  public static final List<String> ALL = List.of(RAW_MESSAGES, RACE_EVENTS, RAW_MESSAGES_ERRORS,
      RACE_UPDATES);

  private Topics() {
  }
}
