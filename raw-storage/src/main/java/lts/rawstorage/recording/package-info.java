/**
 * Recordings on disk: {@link lts.rawstorage.recording.RecordingReader} streams the frames of every
 * Apex container format (timestamp log, JSON lines with header, ndjson) and of our own envelope
 * format, which {@link lts.rawstorage.recording.RecordingWriter} appends.
 */
package lts.rawstorage.recording;
