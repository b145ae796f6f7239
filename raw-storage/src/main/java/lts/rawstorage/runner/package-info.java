/**
 * The {@code raw-storage} runner ({@code lts raw-storage}): Kafka {@code raw-messages} → recording
 * files, nothing lost, nothing written twice.
 *
 * <h2>Files</h2>
 * Each envelope is appended to {@code <output_path>/<event_code>/<YYYY-MM-DD>.jsonl}, the date
 * being the UTC day of its {@code created_at}. The directory is the event code made safe for a
 * file name ({@code [a-z0-9_-]}, other characters replaced by {@code -}, so {@code ../x} becomes
 * {@code ---x}; a leading {@code _} becomes {@code -}); the line keeps the event code as sent.
 * Records that are not valid envelopes (not JSON, a missing field, a null value, larger than
 * {@code maxRecordBytes}, a {@code created_at} outside 1970–9999, an event code that is blank or
 * longer than 100 characters) are not written into any recording: they go to
 * {@code <output_path>/_invalid/<date of the record's Kafka timestamp>.jsonl} as an envelope with
 * {@code event_code "_invalid"}, {@code source "raw-storage"}, the record's value as
 * {@code data} (base64 when it is not UTF-8, its first 64 KiB when oversized), and
 * {@code error_description} (what is wrong) and {@code error_trace}
 * ({@code topic/partition@offset key=…}).
 *
 * <h2>Lines</h2>
 * A line is the envelope in the project's recording format (see
 * {@link lts.recordings.RecordingWriter}) plus three optional fields that say where it
 * came from in Kafka:
 * <pre>{@code
 * {"event_code":"santos","data":"r1c3|in|12","source":"ws-listener","created_at":1777121642000,
 *  "updated_at":1777121642000,"kafka_topic":"raw-messages","kafka_partition":1,"kafka_offset":4711}
 * }</pre>
 * (one line in the file). Readers ignore unknown fields, so {@code lts parse} and
 * {@code lts replay} read these files like any other recording. Nothing in a line depends on when
 * it was written: the same records give byte-identical files, however often the runner restarts.
 *
 * <h2>Nothing lost, nothing twice</h2>
 * The consumer loop polls a batch, appends its records, flushes and fsyncs every file the batch
 * touched (and the directories of new files), and only then commits the batch's offsets. A crash
 * before the commit can therefore leave records on disk whose offsets were not committed; they
 * are delivered again after the restart. To skip them, on every partition assignment the runner
 * reads the tail of each {@code .jsonl} under the output path, from the end backwards: first it
 * repairs a torn last line (a line cut by a crash mid-write, i.e. bytes after the last line
 * break: the file is truncated after its last complete line and the repair is logged; that
 * record was never committed, so it is written again whole), then it reads complete lines until
 * one is below the group's committed offset of its partition (usually just the last line; after
 * a crash, the lines of the uncommitted batch), learning, for that file, the highest offset of
 * each partition. A record that comes again is skipped ({@code records_skipped_duplicate}, its
 * offset committed) when the file it belongs to already holds an offset of its partition at or
 * above its own: the lines of one file are written in order, so it is there. The check is per
 * file, not per partition: one partition feeds several files (event codes, days,
 * {@code _invalid}), each with its own write buffer, and a crash can leave a later record of the
 * partition in one file without an earlier one in another. What each file's tail told is cached
 * (by size and modification time) and the runner also remembers what it wrote. If a partition's
 * files hold an offset beyond the end of the topic (the topic was deleted and created again), the
 * positions on disk are ignored for it, with a warning. Every doubt (a line without position, a
 * commit lost with a partition) ends in a record written twice, never in one skipped. One runner
 * per output path: two processes appending to the same file would interleave their buffered
 * writes (members of a group each need their own directory).
 *
 * <h2>Failures</h2>
 * An output directory that cannot be created or written stops the runner at start with a message
 * naming it; a write or fsync that fails later stops it with a message naming the file, without
 * committing the batch (its records are read again after the restart).
 */
package lts.rawstorage.runner;
