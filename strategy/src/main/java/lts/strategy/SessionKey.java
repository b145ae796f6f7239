package lts.strategy;

/**
 * One session of one feed: the key of a session's rows, of its pit lane (written whole) and of
 * its race-updates notification.
 */
record SessionKey(String eventCode, int session) {
}
