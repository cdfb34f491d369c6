package io.unum.agent.protocol;

import java.util.List;
import java.util.Map;

/**
 * The message records of protocol version {@value Protocol#VERSION}. Compact constructors
 * validate, so a decoded message is always well-formed.
 */
public final class Messages {
  private Messages() {}

  /** Orchestrator asks the agent to echo {@code nonce}: everything read before the echo is stale. */
  public record Sync(Long id, String nonce) implements Message {
    public Sync {
      requireId(id);
      require(nonce != null && !nonce.isBlank(), "nonce", "must be a non-empty string");
    }
  }

  /** Agent's echo of a {@link Sync}. */
  public record Synced(Long id, String nonce) implements Message {
    public Synced {
      requireId(id);
      require(nonce != null, "nonce", "is required");
    }
  }

  /** Orchestrator asks who the agent is. */
  public record Hello(Long id) implements Message {
    public Hello {
      requireId(id);
    }
  }

  /** Agent's identity: node number, kernel, versions. */
  public record HelloReply(Long id, int node, String hostname, String kernel,
      String agentVersion, int protocol, long pid) implements Message {
    public HelloReply {
      requireId(id);
      require(node >= 0, "node", "must be >= 0");
    }
  }

  /**
   * Run a program: stdin closed, stdout/stderr streamed as {@link Output}, then {@link Exit}.
   * {@code window} is the number of output bytes the agent may send before it needs an {@link Ack}.
   */
  public record Exec(Long id, List<String> argv, String cwd, Map<String, String> env, Long window)
      implements Message {
    public Exec {
      requireId(id);
      require(argv != null && !argv.isEmpty(), "argv", "must name a program");
      for (String arg : argv) {
        require(arg != null, "argv", "must not contain null");
      }
      argv = List.copyOf(argv);
      env = env == null ? null : Map.copyOf(env);
      require(window == null || window > 0, "window", "must be > 0");
    }

    /** The output window, or the default when the request names none. */
    public long windowOrDefault() {
      return window == null ? Protocol.DEFAULT_WINDOW_BYTES : window;
    }
  }

  /** The program of an {@link Exec} started with this pid. */
  public record Started(Long id, long pid) implements Message {
    public Started {
      requireId(id);
    }
  }

  /** A chunk of a program's output; {@code data} is base64 on the wire. */
  public record Output(Long id, Stream stream, byte[] data) implements Message {
    public Output {
      requireId(id);
      require(stream != null, "stream", "must be stdout or stderr");
      require(data != null, "data", "is required");
    }
  }

  /** Which output of a program. */
  public enum Stream implements WireName {
    STDOUT("stdout"),
    STDERR("stderr");

    private final String wireName;

    Stream(String wireName) {
      this.wireName = wireName;
    }

    /** The stream as it is spelled in the {@code stream} field of an {@code output} line. */
    @Override
    public String wireName() {
      return wireName;
    }
  }

  /** Orchestrator consumed {@code bytes} of an exec's output: the agent may send that much more. */
  public record Ack(Long id, long bytes) implements Message {
    public Ack {
      requireId(id);
      require(bytes > 0, "bytes", "must be > 0");
    }
  }

  /**
   * The program ended: {@code code} is its exit status, or 128+signal when killed. {@code signal}
   * is optional and kept for compatibility; this agent never sends it.
   */
  public record Exit(Long id, int code, Integer signal) implements Message {
    public Exit {
      requireId(id);
    }
  }

  /**
   * Send {@code signal} (0..64; 0 only checks) to process {@code pid} on the node. With a
   * {@code sender}, the agent first makes the permission check the kernel would make for it.
   */
  public record Signal(Long id, long pid, int signal, Sender sender) implements Message {
    public Signal {
      requireId(id);
      require(pid > 0, "pid", "must be > 0");
      requireSignal(signal);
    }

    /** A signal on the host's own authority: no permission check. */
    public Signal(Long id, long pid, int signal) {
      this(id, pid, signal, null);
    }
  }

  /**
   * Who sends a signal, as kill(2) sees the caller: real and effective uid, and whether it holds
   * CAP_KILL (then no uid check applies).
   */
  public record Sender(long uid, long euid, boolean capKill) {
    public Sender {
      require(uid >= 0, "uid", "must be >= 0");
      require(euid >= 0, "euid", "must be >= 0");
    }
  }

  /**
   * Agent asks the host to deliver {@code signal} to {@code pid}, a process of another node, for
   * {@code sender} (the kernel's signal helper on the node passes kill(2)'s caller). Answered by
   * {@code ok}, or {@code error} {@code no-such-process} / {@code not-permitted}.
   */
  public record RemoteSignal(Long id, long pid, int signal, Sender sender) implements Message {
    public RemoteSignal {
      requireId(id);
      require(pid > 0, "pid", "must be > 0");
      requireSignal(signal);
      require(sender != null, "uid", "is required");
    }
  }

  /**
   * Agent asks the host to run the {@code unum} command {@code argv} for a user of the node (the
   * in-node {@code unum}); answered by {@code output} lines, then {@code exit}, or an {@code error}.
   */
  public record Cli(Long id, List<String> argv, long uid, long gid) implements Message {
    public Cli {
      requireId(id);
      require(argv != null, "argv", "is required");
      for (String arg : argv) {
        require(arg != null, "argv", "must not contain null");
      }
      argv = List.copyOf(argv);
      require(uid >= 0, "uid", "must be >= 0");
      require(gid >= 0, "gid", "must be >= 0");
    }
  }

  /** Power the node off (or reboot it) cleanly; {@code reboot} is false when the line omits it. */
  public record Poweroff(Long id, boolean reboot) implements Message {
    public Poweroff {
      requireId(id);
    }
  }

  /** A request succeeded and has nothing else to say. */
  public record Ok(Long id) implements Message {
    public Ok {
      requireId(id);
    }
  }

  /** A request (or an unreadable line, then {@code id} may be null) failed. */
  public record Error(Long id, ErrorCode code, String message) implements Message {
    public Error {
      require(code != null, "code", "is required");
      require(message != null, "message", "is required");
    }
  }

  /** Unsolicited, every second: the node's load. */
  public record Heartbeat(Long id, long seq, double uptimeSeconds, double load1, double load5,
      double load15, double cpuPercent, long memTotalKiB, long memAvailableKiB, int processes)
      implements Message {
  }

  /**
   * Unsolicited, every second when something changed: the node's processes. A {@code full} one
   * lists every process (sent first on each session, and after one could not be sent); otherwise
   * {@code upsert} holds new and changed processes and {@code gone} the pids that ended.
   */
  public record Procs(Long id, long seq, boolean full, List<Proc> upsert, List<Long> gone)
      implements Message {
    public Procs {
      upsert = upsert == null ? List.of() : List.copyOf(upsert);
      gone = gone == null ? List.of() : List.copyOf(gone);
    }
  }

  /**
   * One process of a {@link Procs}.
   *
   * @param state       the one-letter state of ps(1): R, S, D, Z, T, I...
   * @param cpuPercent  CPU use since the previous report (100 = one CPU busy)
   * @param startMillis when it started, epoch milliseconds
   * @param cmd         its command line (arguments joined by spaces), or [comm] for a kernel thread
   */
  public record Proc(long pid, long ppid, long uid, String user, String state, double cpuPercent,
      long rssKiB, long startMillis, String cmd) {
    public Proc {
      require(pid > 0, "pid", "must be > 0");
      require(ppid >= 0, "ppid", "must be >= 0");
      require(state != null && !state.isEmpty(), "state", "is required");
      require(cmd != null, "cmd", "is required");
    }
  }

  /** What the agent does when a service's program ends on its own. */
  public enum Restart implements WireName {
    /** Start it again whatever its exit status. */
    ALWAYS("always"),
    /** Start it again unless it exited with status 0. */
    ON_FAILURE("on-failure"),
    /** Leave it ended. */
    NEVER("never");

    private final String wireName;

    Restart(String wireName) {
      this.wireName = wireName;
    }

    @Override
    public String wireName() {
      return wireName;
    }
  }

  /**
   * One service the node runs. A new {@code revision} restarts a running instance (its spec
   * changed, or someone asked for a restart) and clears its restart count.
   *
   * @param user             who runs it (a name from the node's /etc/passwd; root when null)
   * @param limit            restarts in a row (without a run of {@value Protocol#SERVICE_STABLE_MILLIS} ms
   *                         between them) after which the service is failed
   * @param backoffMillis    wait before the first restart, doubled for each next one
   * @param maxBackoffMillis the longest wait between restarts
   * @param stopMillis       how long a stopped service gets after SIGTERM before SIGKILL
   * @param start            whether it may start now (false while a dependency is not running);
   *                         an instance already running goes on either way
   */
  public record ServiceOrder(String name, long revision, List<String> argv, String user,
      Map<String, String> env, Restart restart, int limit, long backoffMillis, long maxBackoffMillis,
      long stopMillis, boolean start) {
    public ServiceOrder {
      require(name != null && !name.isEmpty(), "name", "is required");
      require(argv != null && !argv.isEmpty(), "argv", "must name a program");
      for (String arg : argv) {
        require(arg != null, "argv", "must not contain null");
      }
      argv = List.copyOf(argv);
      env = env == null ? null : Map.copyOf(env);
      require(restart != null, "restart", "must be always, on-failure or never");
      require(limit >= 0, "limit", "must be >= 0");
      require(backoffMillis > 0, "backoffMillis", "must be > 0");
      require(maxBackoffMillis >= backoffMillis, "maxBackoffMillis", "must be >= backoffMillis");
      require(stopMillis >= 0, "stopMillis", "must be >= 0");
    }
  }

  /**
   * The services the node runs from now on, in dependency order; the agent stops any other it
   * runs. {@code init} says whether this node holds the cluster's init role, granted with
   * {@code initEpoch}; {@code runLevel} is the cluster's (target) run level.
   */
  public record Services(Long id, int runLevel, long initEpoch, boolean init, List<ServiceOrder> services)
      implements Message {
    public Services {
      requireId(id);
      require(runLevel >= 0 && runLevel <= 6, "runLevel", "must be 0..6");
      require(initEpoch >= 0, "initEpoch", "must be >= 0");
      services = services == null ? List.of() : List.copyOf(services);
      java.util.Set<String> names = new java.util.HashSet<>();
      for (ServiceOrder order : services) {
        require(names.add(order.name()), "services", "name '" + order.name() + "' twice");
      }
    }
  }

  /** Where a service stands on the node. */
  public enum ServiceState implements WireName {
    /** Ordered, but a dependency is not running yet. */
    WAITING("waiting"),
    RUNNING("running"),
    /** Ended; starts again after its backoff. */
    BACKOFF("backoff"),
    /** Ended, and its restart policy does not start it again. */
    EXITED("exited"),
    /** Hit its restart limit, or cannot start at all (no such program or user). */
    FAILED("failed"),
    /** Being stopped: no longer ordered, or ordered with a new revision. */
    STOPPING("stopping");

    private final String wireName;

    ServiceState(String wireName) {
      this.wireName = wireName;
    }

    @Override
    public String wireName() {
      return wireName;
    }
  }

  /**
   * One service on the node.
   *
   * @param pid        its process (a process group leader), 0 when none runs
   * @param restarts   restarts in a row so far
   * @param exitCode   how its program last ended (128+N: killed by signal N); null before any end
   * @param message    why it is failed or waiting, in words; null otherwise
   * @param lastOutput its last lines of output, when it failed or exited
   */
  public record ServiceStatus(String name, long revision, ServiceState state, long pid, int restarts,
      Integer exitCode, long sinceMillis, String message, List<String> lastOutput) {
    public ServiceStatus {
      require(name != null && !name.isEmpty(), "name", "is required");
      require(state != null, "state", "is required");
      require(pid >= 0, "pid", "must be >= 0");
      require(restarts >= 0, "restarts", "must be >= 0");
      lastOutput = lastOutput == null ? List.of() : List.copyOf(lastOutput);
    }
  }

  /** Unsolicited: every service the agent runs or keeps, after each change and after each hello. */
  public record ServiceStates(Long id, List<ServiceStatus> services) implements Message {
    public ServiceStates {
      services = services == null ? List.of() : List.copyOf(services);
    }
  }

  /**
   * Unsolicited: lines a service wrote on one stream; {@code dropped} lines were lost before
   * these because it wrote faster than the link carries.
   */
  public record ServiceLog(Long id, String name, Stream stream, List<String> lines, long dropped)
      implements Message {
    public ServiceLog {
      require(name != null && !name.isEmpty(), "name", "is required");
      require(stream != null, "stream", "must be stdout or stderr");
      lines = lines == null ? List.of() : List.copyOf(lines);
      require(dropped >= 0, "dropped", "must be >= 0");
    }
  }

  private static void requireSignal(int signal) {
    require(signal >= 0 && signal <= Protocol.MAX_SIGNAL, "signal", "must be 0.." + Protocol.MAX_SIGNAL);
  }

  private static void requireId(Long id) {
    require(id != null && id > 0, "id", "must be a positive integer");
  }

  private static void require(boolean ok, String field, String why) {
    if (!ok) {
      throw new InvalidFieldException(field, why);
    }
  }
}
