package lts.simulator;

/**
 * A team's current stay in the pit lane, decided at pit-in.
 *
 * @param inAt pit-in
 * @param outAt pit-out
 * @param row the pit lane row the team left its kart in and takes the next one from, from 0
 * @param kartLeft the kart left at the back of the row
 * @param lapIn laps shown at pit-in
 * @param duplicateTick the pit clock second at which Apex repeats the pit-in signal, or -1
 */
record PitVisit(long inAt, long outAt, int row, int kartLeft, int lapIn, int duplicateTick) {
}
