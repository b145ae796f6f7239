/**
 * Recordings on disk: {@link lts.recordings.RecordingReader} streams the frames of every
 * Apex container format (timestamp log, JSON lines with header, ndjson, metadata container) and of
 * our own envelope format, which {@link lts.recordings.RecordingWriter} appends.
 */
package lts.recordings;
