package io.unum.agent.protocol;

/** Constants of the agent protocol; the wire format is described in guest-agent/PROTOCOL.md. */
public final class Protocol {
  private Protocol() {}

  /** Bumped on every incompatible change. */
  public static final int VERSION = 1;
  /** Name of the virtio-serial port the agent talks on. */
  public static final String CHANNEL_NAME = "io.unum.agent.0";
  /** No line may be longer than this, newline excluded. */
  public static final int MAX_LINE_BYTES = 1 << 20;
  /** Largest raw output chunk the agent puts in one {@code output} line (base64 grows it by 4/3). */
  public static final int MAX_OUTPUT_CHUNK_BYTES = 32 * 1024;
  /** Output bytes an exec may have in flight before the orchestrator acknowledges them. */
  public static final long DEFAULT_WINDOW_BYTES = 1 << 20;
  /** Heartbeat period of the agent. */
  public static final long HEARTBEAT_MILLIS = 1000;
  /** Period of the agent's full process scans (CPU, state, memory of every process). */
  public static final long PROCESS_SCAN_MILLIS = 1000;
  /** Period of the agent's pid listings, which report processes that started or ended. */
  public static final long PROCESS_LIST_MILLIS = 200;
  /** A service that ran this long without ending has its restart count cleared. */
  public static final long SERVICE_STABLE_MILLIS = 10_000;
  /** Longest line of a service's output carried in a {@code service-log}; longer ones are cut. */
  public static final int MAX_SERVICE_LINE_CHARS = 4096;
  /** Most lines in one {@code service-log}. */
  public static final int MAX_SERVICE_LOG_LINES = 256;
  /** Highest signal number accepted (Linux real-time signals end at 64). */
  public static final int MAX_SIGNAL = 64;
}
