package io.unum.orchestrator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unum.orchestrator.testing.Await;
import io.unum.orchestrator.testing.MemoryAuditLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host's audit file: appended, rotated, caught up from its own last line, gaps and restarts said. */
class AuditFileTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final MemoryAuditLog log = new MemoryAuditLog();

  private static AuditRecord write(int n) {
    return AuditRecord.of(1_000 + n, "host-a", "alice", "operator", "token ci", "10.0.0.9", "POST",
        "/api/v1/nodes/" + n + "/start", "startNode", 202, "j-" + n);
  }

  private void appendRecords(int from, int to) {
    for (int n = from; n < to; n++) {
      log.append(write(n));
    }
  }

  private AuditFile file(Path path, long maxBytes) {
    return new AuditFile(log, path, "host-a", maxBytes, () -> 42L);
  }

  /** Passes until the file has everything the log holds. */
  private static void catchUp(AuditFile file) throws IOException {
    while (file.pass() > 0) {
      // one batch a pass
    }
  }

  private static List<JsonNode> lines(Path path) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(path)) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  private static List<Long> ids(List<JsonNode> lines) {
    return lines.stream().filter(l -> !l.has("notice")).map(l -> l.get("id").asLong()).toList();
  }

  @Test
  void writesEveryRecordAsAJsonLineInAFileOnlyItsOwnerReads() throws Exception {
    Path path = dir.resolve("log/audit.log");
    appendRecords(0, 3);
    try (AuditFile file = file(path, AuditFile.MAX_BYTES)) {
      catchUp(file);
    }
    List<JsonNode> lines = lines(path);
    assertThat(ids(lines)).containsExactly(0L, 1L, 2L);
    assertThat(JSON.treeToValue(lines.get(1), AuditRecord.class)).isEqualTo(write(1).at(1));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
  }

  @Test
  void rotatesAtItsSizeAndKeepsFourOldFiles() throws Exception {
    Path path = dir.resolve("audit.log");
    int lineBytes = write(10).at(10).toJson().length() + 1;
    appendRecords(0, 60);
    try (AuditFile file = file(path, 3L * lineBytes)) {
      catchUp(file);
    }
    List<Long> kept = new ArrayList<>();
    for (int n = 4; n >= 1; n--) {
      Path old = dir.resolve("audit.log." + n);
      assertThat(old).exists();
      assertThat(Files.size(old)).isLessThanOrEqualTo(3L * lineBytes);
      kept.addAll(ids(lines(old)));
    }
    kept.addAll(ids(lines(path)));
    assertThat(dir.resolve("audit.log.5")).doesNotExist();
    assertThat(kept).as("the newest records, in order, none twice").isSortedAccordingTo(Long::compare)
        .doesNotHaveDuplicates().endsWith(57L, 58L, 59L).hasSizeBetween(13, 15);
  }

  @Test
  void aHostThatWasDownCatchesUpFromTheLastLineOfItsFile() throws Exception {
    Path path = dir.resolve("audit.log");
    appendRecords(0, 5);
    try (AuditFile file = file(path, AuditFile.MAX_BYTES)) {
      catchUp(file);
    }
    appendRecords(5, 9);
    try (AuditFile file = file(path, AuditFile.MAX_BYTES)) {
      catchUp(file);
    }
    assertThat(ids(lines(path))).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
  }

  @Test
  void recordsTheLogNoLongerHoldsAreAnnouncedWhereTheyAreMissing() throws Exception {
    Path path = dir.resolve("audit.log");
    appendRecords(0, 3);
    try (AuditFile file = file(path, AuditFile.MAX_BYTES)) {
      catchUp(file);
    }
    appendRecords(3, 10);
    log.forgetBefore(7); // the ringbuffer's capacity, while this host was down
    try (AuditFile file = file(path, AuditFile.MAX_BYTES)) {
      catchUp(file);
    }
    List<JsonNode> lines = lines(path);
    assertThat(ids(lines)).containsExactly(0L, 1L, 2L, 7L, 8L, 9L);
    JsonNode notice = lines.get(3);
    assertThat(notice.get("notice").asText()).contains("records 3..6 are missing");
    assertThat(notice.get("lost").asLong()).isEqualTo(4);
    assertThat(notice.get("next").asLong()).isEqualTo(7);
    assertThat(notice.get("host").asText()).isEqualTo("host-a");
  }

  @Test
  void aLogThatStartedAgainIsSaidAndFollowedFromItsStart() throws Exception {
    Path path = dir.resolve("audit.log");
    appendRecords(0, 5);
    try (AuditFile file = file(path, AuditFile.MAX_BYTES)) {
      catchUp(file);
    }
    MemoryAuditLog fresh = new MemoryAuditLog(); // every orchestrator restarted: ids from 0 again
    fresh.append(write(100));
    fresh.append(write(101));
    try (AuditFile file = new AuditFile(fresh, path, "host-a", AuditFile.MAX_BYTES, () -> 42L)) {
      catchUp(file);
    }
    List<JsonNode> lines = lines(path);
    assertThat(lines.get(5).get("notice").asText()).contains("started again");
    assertThat(lines.subList(6, 8)).extracting(l -> l.get("path").asText())
        .containsExactly("/api/v1/nodes/100/start", "/api/v1/nodes/101/start");
  }

  @Test
  void aLineCutShortIsLeftAloneAndTheFileGoesOnAfterTheLastWholeRecord() throws Exception {
    Path path = dir.resolve("audit.log");
    appendRecords(0, 3);
    try (AuditFile file = file(path, AuditFile.MAX_BYTES)) {
      catchUp(file);
    }
    Files.writeString(path, "{\"id\":3,\"timeMil", StandardOpenOption.APPEND); // a crash mid-write
    appendRecords(3, 5);
    try (AuditFile file = file(path, AuditFile.MAX_BYTES)) {
      catchUp(file);
    }
    List<String> text = Files.readAllLines(path, StandardCharsets.UTF_8);
    assertThat(text.get(3)).isEqualTo("{\"id\":3,\"timeMil");
    List<JsonNode> whole = new ArrayList<>();
    for (String line : text.subList(4, text.size())) {
      whole.add(JSON.readTree(line));
    }
    assertThat(ids(whole)).containsExactly(3L, 4L);
  }

  @Test
  void itsThreadOutlivesAnUnwritableFileAndWritesOnceItCan() throws Exception {
    Path blocked = dir.resolve("blocked");
    Files.writeString(blocked, "a file where the directory should be");
    Path path = blocked.resolve("audit.log");
    appendRecords(0, 2);
    AtomicInteger reads = new AtomicInteger();
    AuditLog counted = new AuditLog() {
      @Override
      public long append(AuditRecord record) {
        return log.append(record);
      }

      @Override
      public List<AuditRecord> read(long from, int max) {
        reads.incrementAndGet();
        return log.read(from, max);
      }

      @Override
      public long newest() {
        return log.newest();
      }
    };
    try (AuditFile file = new AuditFile(counted, path, "host-a", AuditFile.MAX_BYTES, () -> 42L).start()) {
      Await.until("a failed attempt, and another after it", Duration.ofSeconds(20), () -> reads.get() >= 2);
      appendRecords(2, 3);
      Files.delete(blocked);
      Await.until("the file written once it can be", Duration.ofSeconds(20),
          () -> readIds(path).equals(List.of(0L, 1L, 2L)));
      appendRecords(3, 4);
      Await.until("a record appended later followed", Duration.ofSeconds(20),
          () -> readIds(path).equals(List.of(0L, 1L, 2L, 3L)));
    }
  }

  private static List<Long> readIds(Path path) {
    if (!Files.exists(path)) {
      return List.of();
    }
    try {
      return ids(lines(path));
    } catch (IOException e) {
      return List.of(); // a line being written
    }
  }
}
