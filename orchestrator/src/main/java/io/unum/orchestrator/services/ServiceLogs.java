package io.unum.orchestrator.services;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Each service's log: the lines its instances wrote, on every node, in one bounded sequence. */
public interface ServiceLogs {

  /** Appends lines a node's instance wrote; {@code dropped} lines were lost before them. */
  void append(String service, int node, String stream, List<String> lines, long dropped);

  /** The sequence number the next line will get. */
  long next(String service);

  /** The sequence number of the oldest line still kept. */
  long oldest(String service);

  /**
   * Up to {@code max} lines from {@code from} on (from the oldest kept, if that is later); with
   * {@code wait}, completes only once at least one is there.
   */
  CompletionStage<List<LogLine>> read(String service, long from, int max, boolean wait);

  /** Forgets the service's log (the service was deleted). */
  void drop(String service);
}
