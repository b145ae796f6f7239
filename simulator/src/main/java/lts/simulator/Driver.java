package lts.simulator;

/**
 * A driver as the model sees him (hidden from the feed but his name).
 *
 * @param name as shown in {@code drteam} cells
 * @param skillMs his pace effect, ms per lap (negative: faster)
 * @param noiseSigmaMs how much his laps scatter, ms
 */
record Driver(String name, long skillMs, double noiseSigmaMs) {
}
