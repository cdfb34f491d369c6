package io.unum.orchestrator.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's copy of the whole cluster's audit log: an append-only file of JSON lines (mode
 * 0600, rotated at {@value #MAX_BYTES} bytes keeping {@value #KEPT} old files) that follows the
 * {@link AuditLog} on a thread of its own. It resumes where the file ends (the last line says
 * which record it was), so a host that was down catches up on what the cluster still holds; what
 * the cluster no longer holds is announced, in the file and as a WARN. A full disk or another
 * I/O error is reported once a minute and retried: it never stops the daemon, and the records
 * wait in the cluster's log meanwhile.
 */
public final class AuditFile implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditFile.class);
  public static final Path DEFAULT = Path.of("/var/log/unum/audit.log");
  static final long MAX_BYTES = 64L * 1024 * 1024;
  static final int KEPT = 4;
  private static final int BATCH = 1000;
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AuditLog log;
  private final RotatingFile file;
  private final String host;
  private final LongSupplier clock;
  private final OncePerMinute errorReport;
  private final Thread follower;
  private volatile boolean closed;
  /** Id of the next record to write; -1 until the file's end has been read. */
  private long next = -1;

  public AuditFile(AuditLog log, Path path, String host) {
    this(log, path, host, MAX_BYTES, System::currentTimeMillis);
  }

  AuditFile(AuditLog log, Path path, String host, long maxBytes, LongSupplier clock) {
    this.log = log;
    this.file = new RotatingFile(path, maxBytes, KEPT);
    this.host = host;
    this.clock = clock;
    this.errorReport = new OncePerMinute(clock);
    this.follower = new Thread(this::follow, "audit-file");
    follower.setDaemon(true);
  }

  /** Starts following the cluster's log. */
  public AuditFile start() {
    follower.start();
    return this;
  }

  private void follow() {
    while (!closed) {
      int written = 0;
      try {
        written = pass();
      } catch (IOException | RuntimeException e) {
        closeQuietly(); // reopened at the next pass: a cut-short line is then ended first
        if (errorReport.due()) {
          LOG.warn("cannot write the audit file {} (retrying; the cluster's log keeps the records meanwhile): {}",
              file.path(), e.toString());
        }
      }
      if (written == 0 && !closed) {
        try {
          Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /**
   * Writes what the cluster's log has beyond the file (at most one batch) and returns how many
   * records it wrote. The first pass finds where the file ended.
   */
  synchronized int pass() throws IOException {
    if (next < 0) {
      next = resumeAt();
    }
    List<AuditRecord> records = log.read(next, BATCH);
    if (records.isEmpty()) {
      if (log.newest() < next - 1) {
        restarted(); // the log is behind the file: a new one (every orchestrator restarted)
      }
      return 0;
    }
    long first = records.get(0).id();
    if (first > next) {
      long lost = first - next;
      LOG.warn("audit records {}..{} are not in {}: the cluster's log no longer holds them (it keeps the newest {})",
          next, first - 1, file.path(), HazelcastAuditLog.CAPACITY);
      note("records " + next + ".." + (first - 1) + " are missing: the cluster's audit log no longer held them"
          + " when this host read it", first, lost);
      next = first; // said once, even if a record after it cannot be written now
    }
    int written = 0;
    for (AuditRecord record : records) {
      if (record.id() < next) {
        continue;
      }
      file.append(record.toJson());
      next = record.id() + 1;
      written++;
    }
    file.force();
    return written;
  }

  /** Where to go on: after the file's last record, if the cluster's log is still the one it came from. */
  private long resumeAt() throws IOException {
    List<String> lines = file.lastLines();
    for (int i = lines.size() - 1; i >= 0; i--) {
      JsonNode line;
      try {
        line = JSON.readTree(lines.get(i));
      } catch (IOException e) {
        continue; // not a line this class wrote whole: the one before it tells
      }
      if (AuditNotice.isNotice(line)) {
        long resume = AuditNotice.of(line).next();
        return log.newest() < resume - 1 ? startedAgain() : resume;
      }
      AuditRecord last;
      try {
        last = JSON.treeToValue(line, AuditRecord.class);
      } catch (IOException | IllegalArgumentException e) {
        continue;
      }
      return continuing(last) ? last.id() + 1 : startedAgain();
    }
    return 0; // a new file: everything the cluster still holds
  }

  /**
   * Whether the cluster's log is the one the file's last record came from: it holds that record
   * at that id, or has let it fall off (then the records after it are announced as lost). A log
   * shorter than the file, or another record at that id, is a log that started again.
   */
  private boolean continuing(AuditRecord last) {
    if (log.newest() < last.id()) {
      return false;
    }
    List<AuditRecord> there = log.read(last.id(), 1);
    return there.isEmpty() || there.get(0).id() > last.id() || there.get(0).equals(last);
  }

  private long startedAgain() throws IOException {
    note("the cluster's audit log started again (every orchestrator stopped): its records are numbered from 0"
        + " again", 0, 0);
    LOG.warn("the cluster's audit log started again: {} goes on with its record 0", file.path());
    return 0;
  }

  private void restarted() throws IOException {
    next = startedAgain();
  }

  private void note(String notice, long resume, long lost) throws IOException {
    file.append(new AuditNotice(clock.getAsLong(), host, notice, resume, lost).toJson());
    file.force();
  }

  private void closeQuietly() {
    try {
      file.close();
    } catch (IOException e) {
      // already failing; the next pass reopens it
    }
  }

  @Override
  public void close() {
    // Not interrupted: a read of the cluster's log under way would fail and be reported as an error.
    closed = true;
    try {
      follower.join(STOP_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      closeQuietly();
    }
  }
}
