package lts.rawstorage.runner;

import static lts.rawstorage.runner.RawStorageException.describe;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import lts.contracts.Envelope;
import lts.recordings.KafkaPosition;
import lts.recordings.RecordingWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings under the output path, {@code <output>/<directory>/<YYYY-MM-DD>.jsonl}: the
 * writers kept open between batches (the {@value #MAX_OPEN_FILES} used last), what each file holds
 * of each partition ({@link FileOffsets}), and the {@link Batch} that appends a batch's lines and
 * forces them, and the directory entries of new files, to disk. Used by the runner's thread only.
 */
final class RecordingFiles {

  private static final Logger log = LoggerFactory.getLogger(RecordingFiles.class);

  /** Extension of the recording files. */
  static final String EXTENSION = ".jsonl";
  /** Recording files kept open between batches (each is synced after every batch anyway). */
  static final int MAX_OPEN_FILES = 32;

  private final Path output;
  private final Counter fsyncs;
  /** Open writers, least recently used first. */
  private final LinkedHashMap<Path, RecordingWriter> writers = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<Path, FileOffsets> onDisk = new HashMap<>();

  /**
   * @param outputPath the root of the recordings
   * @param fsyncs counts the files forced to disk
   */
  RecordingFiles(Path outputPath, Counter fsyncs) {
    this.output = outputPath.toAbsolutePath().normalize();
    this.fsyncs = Objects.requireNonNull(fsyncs, "fsyncs");
  }

  /**
   * Creates the output directory when missing and checks that a file can be written and synced in
   * it.
   *
   * @return the directory, absolute
   * @throws RawStorageException naming the directory and what to do
   */
  static Path prepare(Path outputPath) throws RawStorageException {
    Path dir = outputPath.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new RawStorageException("output path " + dir + " exists but is not a directory: give"
          + " --output_path a directory (it is created when missing)", e);
    } catch (IOException e) {
      throw new RawStorageException("cannot create the output directory " + dir + " ("
          + describe(e) + "): create it by hand, or give --output_path a directory this user can"
          + " write", e);
    }
    if (!Files.isDirectory(dir)) {
      throw new RawStorageException("output path " + dir + " is not a directory: give"
          + " --output_path a directory (it is created when missing)");
    }
    Path probe = dir.resolve(".raw-storage-write-test-" + ProcessHandle.current().pid());
    try {
      try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        channel.write(ByteBuffer.wrap("ok\n".getBytes(StandardCharsets.US_ASCII)));
        channel.force(true);
      } finally {
        Files.deleteIfExists(probe);
      }
    } catch (IOException e) {
      throw new RawStorageException("cannot write in the output directory " + dir + " ("
          + describe(e) + "): check its permissions and free space, or give --output_path"
          + " another directory", e);
    }
    return dir;
  }

  /** The root of the recordings, absolute. */
  Path output() {
    return output;
  }

  /** The file of {@code directory} for the UTC day of {@code epochMillis}. */
  Path file(String directory, long epochMillis) {
    String date = LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC).toString();
    Path file = output.resolve(directory).resolve(date + EXTENSION).normalize();
    if (!file.startsWith(output)) {
      throw new IllegalStateException("refusing to write outside " + output + ": " + file);
    }
    return file;
  }

  /** True when {@code file} already holds {@code offset} of {@code partition}, or a later one. */
  boolean holds(Path file, int partition, long offset) {
    FileOffsets inFile = onDisk.get(file);
    return inFile != null && offset <= inFile.last(partition);
  }

  /** Every {@code <output>/<directory>/<name>.jsonl} (the runner's layout). */
  List<Path> list() throws IOException {
    try (Stream<Path> stream = Files.find(output, 2, (path, attributes) ->
        attributes.isRegularFile() && path.getFileName().toString().endsWith(EXTENSION)
            && path.getParent() != null && !path.getParent().equals(output))) {
      List<Path> files = new ArrayList<>();
      stream.forEach(files::add);
      return files;
    }
  }

  /** What {@code file} holds (nothing yet when it is new to the runner). */
  FileOffsets offsets(Path file) {
    return onDisk.computeIfAbsent(file, f -> new FileOffsets());
  }

  /** Forgets what it knew of the files not in {@code files} (removed by hand). */
  void forgetAllBut(Collection<Path> files) {
    onDisk.keySet().retainAll(new HashSet<>(files));
  }

  /** The highest offset of {@code partition} in any file, or -1. */
  long lastOnDisk(int partition) {
    long last = -1;
    for (FileOffsets inFile : onDisk.values()) {
      last = Math.max(last, inFile.last(partition));
    }
    return last;
  }

  /** Forgets, in every file, the offsets of {@code partition}. */
  void forget(int partition) {
    for (FileOffsets inFile : onDisk.values()) {
      inFile.forget(partition);
    }
  }

  /** A new batch of lines. */
  Batch batch() {
    return new Batch();
  }

  /**
   * The lines of one batch: appended to their files, then {@link #sync} forces every file the
   * batch touched, and the directories of the files it created, to disk.
   */
  final class Batch {

    private final Set<RecordingWriter> touched = new LinkedHashSet<>();
    private final Set<Path> newEntries = new LinkedHashSet<>();
    private final Set<Path> checked = new HashSet<>();

    private Batch() {
    }

    /** Appends {@code envelope} with its Kafka position to {@code file} (not yet synced). */
    void append(Path file, Envelope envelope, KafkaPosition position) throws RawStorageException {
      RecordingWriter writer = writer(file);
      try {
        writer.write(envelope, position);
      } catch (IOException e) {
        throw cannotWrite(file, e);
      }
      touched.add(writer);
      offsets(file).written(position.partition(), position.offset());
    }

    /** Flushes and forces every file appended to, then the directories of the new ones. */
    void sync() throws RawStorageException {
      for (RecordingWriter writer : touched) {
        try {
          writer.fsync();
        } catch (IOException e) {
          throw cannotWrite(writer.file(), e);
        }
        fsyncs.increment();
      }
      for (Path entry : newEntries) {
        syncDirectory(entry.getParent());
      }
    }

    private RecordingWriter writer(Path file) throws RawStorageException {
      RecordingWriter writer = writers.get(file);
      if (writer != null) {
        if (!checked.add(file) || Files.exists(file)) {
          return writer;
        }
        // removed (or moved) by hand while open: what we would append would be lost with it
        log.warn("{} was removed while raw-storage had it open: starting it again", file);
        writers.remove(file);
        onDisk.remove(file);
        abort(writer);
      }
      try {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
          Files.createDirectories(dir);
          newEntries.add(dir);
        }
        if (!Files.exists(file)) {
          newEntries.add(file);
        }
        writer = RecordingWriter.open(file);
      } catch (IOException e) {
        throw cannotWrite(file, e);
      }
      writers.put(file, writer);
      return writer;
    }
  }

  /** Closes the writers used least recently beyond {@value #MAX_OPEN_FILES}. */
  void closeLeastRecentlyUsed() {
    Iterator<Map.Entry<Path, RecordingWriter>> it = writers.entrySet().iterator();
    while (writers.size() > MAX_OPEN_FILES && it.hasNext()) {
      Map.Entry<Path, RecordingWriter> eldest = it.next();
      it.remove();
      close(eldest.getValue());
    }
  }

  /** The number of writers kept open. */
  int openWriters() {
    return writers.size();
  }

  /**
   * Closes every file: after a clean stop, flushing (everything was synced already); after a
   * failure, dropping the lines not yet flushed, which were not committed and come again.
   */
  void close(boolean flush) {
    for (RecordingWriter writer : writers.values()) {
      if (flush) {
        close(writer);
      } else {
        abort(writer);
      }
    }
    writers.clear();
  }

  /** Makes the creation of a file or directory durable (its directory entry); best effort. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("cannot sync directory {}: {}", dir, e.toString());
    }
  }

  private static void close(RecordingWriter writer) {
    try {
      writer.close();
    } catch (IOException e) {
      log.warn("cannot close {}: {}", writer.file(), e.toString());
    }
  }

  private static void abort(RecordingWriter writer) {
    try {
      writer.abort();
    } catch (IOException e) {
      log.debug("cannot close {}: {}", writer.file(), e.toString());
    }
  }

  private RawStorageException cannotWrite(Path file, IOException e) {
    return new RawStorageException("cannot write " + file + " (" + describe(e) + "): check that "
        + output + " is writable by this user and that the disk is not full, then restart"
        + " raw-storage; the records not written were not committed, so they are read again",
        e);
  }
}
