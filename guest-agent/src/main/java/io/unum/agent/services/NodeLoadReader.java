package io.unum.agent.services;

import io.unum.agent.Log;
import io.unum.agent.proc.CpuTimes;
import io.unum.agent.proc.LoadAvg;
import io.unum.agent.proc.MemInfo;
import io.unum.agent.proc.ProcessCount;
import io.unum.agent.proc.Uptime;
import io.unum.agent.protocol.Messages.Heartbeat;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the node's load out of /proc into a heartbeat. Remembers the CPU counters of the last
 * sample, so the CPU figure covers the time since then. A file that cannot be read or parsed
 * reports zeros (logged once) rather than stopping the beats, which also mean "alive".
 */
public final class NodeLoadReader {
  private final Path proc;
  private final Set<String> reported = new HashSet<>();
  private CpuTimes previousCpu = CpuTimes.ZERO;

  public NodeLoadReader(Path proc) {
    this.proc = proc;
  }

  public Heartbeat sample(long seq) {
    double uptime = read("uptime", Uptime::parse, 0.0);
    LoadAvg load = read("loadavg", LoadAvg::parse, LoadAvg.ZERO);
    MemInfo memory = read("meminfo", MemInfo::parse, MemInfo.ZERO);
    CpuTimes cpu = read("stat", CpuTimes::parse, previousCpu);
    // One decimal is all a load figure needs, and lines cross a slow channel every second.
    double busy = Math.round(cpu.busyPercentSince(previousCpu) * 10) / 10.0;
    previousCpu = cpu;
    return new Heartbeat(null, seq, uptime, load.one(), load.five(), load.fifteen(), busy,
        memory.totalKiB(), memory.availableKiB(), processes());
  }

  private <T> T read(String file, Function<String, T> parser, T fallback) {
    try {
      return parser.apply(Files.readString(proc.resolve(file)));
    } catch (IOException | RuntimeException e) {
      if (reported.add(file)) {
        Log.line("heartbeat: cannot read " + proc.resolve(file) + ": " + e.getMessage());
      }
      return fallback;
    }
  }

  private int processes() {
    int count = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc,
        entry -> ProcessCount.isProcessDir(entry.getFileName().toString()))) {
      for (Path ignored : entries) {
        count++;
      }
    } catch (IOException e) {
      if (reported.add("processes")) {
        Log.line("heartbeat: cannot list " + proc + ": " + e.getMessage());
      }
    }
    return count;
  }
}
