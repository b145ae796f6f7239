package lts.bench;

/**
 * One event's latency (ms) and its three stages: websocket to raw-messages readable, raw-messages
 * readable to the event written (parser), written to readable committed.
 */
record EventStages(long total, long toRaw, long parser, long commit) {
}
