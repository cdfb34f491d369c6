package io.unum.agent.proc;

import io.unum.agent.protocol.Messages.Proc;
import java.util.Map;
import java.util.Set;

/** The node's processes, read in full or cheaply by pid (a {@link ProcessScanner} reads /proc). */
public interface ProcessSource {

  /** Every process now, by pid, with CPU use since the previous scan. */
  Map<Long, Proc> scan();

  /** The pids that exist now: a directory listing, much cheaper than a scan. */
  Set<Long> pids();

  /** One process (CPU use 0: there is no earlier reading), or null when it is gone. */
  Proc read(long pid);
}
