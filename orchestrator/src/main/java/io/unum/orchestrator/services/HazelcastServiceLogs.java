package io.unum.orchestrator.services;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@link ServiceLogs} on one Hazelcast ringbuffer per service ({@code unum.service-log.NAME},
 * the default 10,000 lines): any host appends and reads, the oldest lines fall off.
 */
public final class HazelcastServiceLogs implements ServiceLogs {
  private static final String PREFIX = "unum.service-log.";

  private final HazelcastInstance hazelcast;

  public HazelcastServiceLogs(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
  }

  private Ringbuffer<LogLine> log(String service) {
    return hazelcast.getRingbuffer(PREFIX + service);
  }

  @Override
  public void append(String service, int node, String stream, List<String> lines, long dropped) {
    long now = System.currentTimeMillis();
    List<LogLine> batch = new ArrayList<>(lines.size() + 1);
    if (dropped > 0) {
      batch.add(new LogLine(-1, node, now, "unum", dropped + " lines dropped: the service wrote faster than the log"
          + " is carried"));
    }
    for (String line : lines) {
      batch.add(new LogLine(-1, node, now, stream, line));
    }
    if (!batch.isEmpty()) {
      // Asynchronous: the agent link's reader thread must not wait for the cluster.
      log(service).addAllAsync(batch, OverflowPolicy.OVERWRITE);
    }
  }

  @Override
  public long next(String service) {
    return log(service).tailSequence() + 1;
  }

  @Override
  public long oldest(String service) {
    return log(service).headSequence();
  }

  @Override
  public CompletionStage<List<LogLine>> read(String service, long from, int max, boolean wait) {
    Ringbuffer<LogLine> log = log(service);
    long start = Math.max(from, log.headSequence());
    return log.readManyAsync(start, wait ? 1 : 0, max, null).thenApply(HazelcastServiceLogs::lines);
  }

  private static List<LogLine> lines(ReadResultSet<LogLine> result) {
    List<LogLine> lines = new ArrayList<>(result.size());
    for (int i = 0; i < result.size(); i++) {
      lines.add(result.get(i).at(result.getSequence(i)));
    }
    return lines;
  }

  @Override
  public void drop(String service) {
    log(service).destroy();
  }
}
