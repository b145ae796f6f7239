package lts.recordings;

/**
 * One websocket text frame of a recording.
 *
 * @param eventCode the feed it belongs to (from the envelope, the recording's header or the file name)
 * @param at when it was received, epoch milliseconds
 * @param text the frame exactly as Apex sent it (lines separated by {@code \n}); invalid UTF-8
 *     bytes are replaced by U+FFFD
 */
public record RecordedFrame(String eventCode, long at, String text) {
}
