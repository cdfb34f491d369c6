package io.unum.orchestrator.testing;

import io.unum.orchestrator.services.LogLine;
import io.unum.orchestrator.services.ServiceLogs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ServiceLogs} in memory, unbounded; a waiting read of an empty log never completes. */
public final class InMemoryServiceLogs implements ServiceLogs {
  private final Map<String, List<LogLine>> logs = new ConcurrentHashMap<>();

  /** The services that have a log. */
  public java.util.Set<String> names() {
    return java.util.Set.copyOf(logs.keySet());
  }

  @Override
  public synchronized void append(String service, int node, String stream, List<String> lines, long dropped) {
    List<LogLine> log = logs.computeIfAbsent(service, s -> new ArrayList<>());
    for (String line : lines) {
      log.add(new LogLine(log.size(), node, System.currentTimeMillis(), stream, line));
    }
  }

  @Override
  public synchronized long next(String service) {
    return logs.getOrDefault(service, List.of()).size();
  }

  @Override
  public long oldest(String service) {
    return 0;
  }

  @Override
  public synchronized CompletionStage<List<LogLine>> read(String service, long from, int max, boolean wait) {
    List<LogLine> log = logs.getOrDefault(service, List.of());
    List<LogLine> lines = new ArrayList<>(log.subList((int) Math.min(from, log.size()),
        (int) Math.min(from + max, log.size())));
    return lines.isEmpty() && wait ? new CompletableFuture<>() : CompletableFuture.completedFuture(lines);
  }

  @Override
  public void drop(String service) {
    logs.remove(service);
  }
}
