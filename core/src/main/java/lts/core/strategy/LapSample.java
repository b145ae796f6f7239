package lts.core.strategy;

/**
 * One lap as the stint maths sees it.
 *
 * @param lap lap number
 * @param timeMs lap time, null when the feed showed none
 * @param at when the lap ended, epoch ms
 * @param outLap first lap after a pit-out
 * @param inLap last lap before a pit-in
 * @param yellow driven under a yellow flag or safety car
 */
public record LapSample(int lap, Long timeMs, long at, boolean outLap, boolean inLap,
    boolean yellow) {
}
