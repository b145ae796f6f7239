package lts.kafka;

/**
 * How a listener turns a frame into the value of its record: the envelope of the contracts,
 * naming the listener as its source. (The encoding comes from the listener: this module stays
 * below lts-contracts, whose module's tests use the test kit, which uses this module.)
 */
@FunctionalInterface
public interface FrameEncoding {

  /**
   * @param eventCode the feed (also the record key)
   * @param frame the frame exactly as received
   * @param receivedAtMs when it was received, epoch ms
   */
  byte[] encode(String eventCode, String frame, long receivedAtMs);
}
