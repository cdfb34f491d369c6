package io.unum.agent.proc;

import static org.assertj.core.api.Assertions.assertThat;

import io.unum.agent.protocol.Messages.Proc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessScannerTest {
  @TempDir
  Path proc;

  private void process(long pid, String comm, long ppid, String state, long ticks, long start, long rssPages,
      String cmdline) throws Exception {
    Path dir = Files.createDirectories(proc.resolve(String.valueOf(pid)));
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") " + state + " " + ppid
        + " 1 1 0 -1 4194560 100 0 0 0 " + ticks + " 0 0 0 20 0 1 0 " + start + " 12345678 " + rssPages
        + " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
    Files.write(dir.resolve("cmdline"), cmdline.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsEveryProcessWithItsParentStateMemoryStartAndCommandLine() throws Exception {
    Files.writeString(proc.resolve("stat"), "cpu  1 2 3\nbtime 1795000000\n");
    Path passwd = Files.writeString(proc.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
    process(1, "unum-init", 0, "S", 5, 0, 100, "/sbin/unum-init\0");
    process(2, "kthreadd", 0, "S", 0, 0, 0, "");
    process(131075, "a (weird) name", 1, "R", 200, 500, 256, "sleep\0" + "300\0");
    Files.createDirectories(proc.resolve("self")); // not a process
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    ProcessScanner scanner = new ProcessScanner(proc, passwd, clock::get);
    Map<Long, Proc> first = scanner.scan();
    assertThat(first).containsOnlyKeys(1L, 2L, 131075L);
    Proc sleep = first.get(131075L);
    assertThat(sleep.ppid()).isEqualTo(1);
    assertThat(sleep.state()).isEqualTo("R");
    assertThat(sleep.cmd()).isEqualTo("sleep 300");
    assertThat(sleep.rssKiB()).isEqualTo(1024);
    assertThat(sleep.startMillis()).isEqualTo(1_795_000_000_000L + 5000);
    assertThat(sleep.user()).isEqualTo("root");
    assertThat(sleep.cpuPercent()).as("no earlier scan").isZero();
    assertThat(first.get(2L).cmd()).isEqualTo("[kthreadd]");

    clock.addAndGet(400_000_000L);
    process(131075, "a (weird) name", 1, "R", 220, 500, 256, "sleep\0" + "300\0");
    assertThat(scanner.scan().get(131075L).cpuPercent()).as("20 ticks (0.2 s of CPU) in 0.4 s").isEqualTo(50.0);
  }

  @Test
  void aCommandLineIsReadOnceButAnExecOrAnEmptyReadingMidExecIsNotKept() throws Exception {
    Files.writeString(proc.resolve("stat"), "btime 1795000000\n");
    Path passwd = Files.writeString(proc.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
    process(131080, "sleep", 1, "S", 0, 700, 10, "");   // read while its exec replaced the memory
    ProcessScanner scanner = new ProcessScanner(proc, passwd);
    assertThat(scanner.read(131080).cmd()).isEqualTo("[sleep]");
    process(131080, "sleep", 1, "S", 0, 700, 10, "sleep\0" + "3600\0");
    assertThat(scanner.scan().get(131080L).cmd()).as("read again, not kept").isEqualTo("sleep 3600");
    Files.write(proc.resolve("131080").resolve("cmdline"), "changed\0".getBytes(StandardCharsets.UTF_8));
    assertThat(scanner.scan().get(131080L).cmd()).as("same start, same name: kept").isEqualTo("sleep 3600");
    process(131080, "true", 1, "S", 0, 700, 10, "true\0");
    assertThat(scanner.scan().get(131080L).cmd()).as("an exec renames it: read again").isEqualTo("true");
    assertThat(scanner.pids()).containsExactly(131080L);
  }
}
