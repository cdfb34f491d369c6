package io.unum.orchestrator.agentlink;

import io.unum.agent.protocol.ErrorCode;
import io.unum.agent.protocol.LineReader;
import io.unum.agent.protocol.Message;
import io.unum.agent.protocol.MessageCodec;
import io.unum.agent.protocol.Messages;
import io.unum.agent.protocol.ProtocolException;
import io.unum.agent.protocol.Protocol;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's end of one node's agent channel (a unix socket that QEMU serves). Keeps
 * reconnecting while open; after every connect, and whenever the agent fell silent or restarted,
 * it syncs with a fresh nonce (discarding stale lines) and asks hello before taking requests.
 */
public final class AgentLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentLink.class);
  private static final long RECONNECT_MILLIS = 200;
  private static final long SYNC_RETRY_NANOS = 1_000_000_000L;
  /** Five missed heartbeats, and nothing else heard either: the agent is gone. */
  static final long SILENCE_NANOS = 5 * Protocol.HEARTBEAT_MILLIS * 1_000_000L;
  /**
   * A handshake unanswered this long gets a new connection, and the next one twice as long, up
   * to {@link #MAX_HANDSHAKE_NANOS}. Two ways a connection can carry nothing while the guest is
   * fine: QEMU may keep a new connection in its listen backlog while it still serves an old one
   * (seen after the previous orchestrator was killed), and a port QEMU throttled while no host
   * was connected (data carried over a migration) is released only when a host disconnects.
   * Short at first, so such a link comes back in seconds; longer later, so a guest too busy to
   * answer quickly is not cut off again and again.
   */
  static final long FIRST_HANDSHAKE_NANOS = 3_000_000_000L;
  static final long MAX_HANDSHAKE_NANOS = 15_000_000_000L;
  /** A write blocked this long means the guest stopped reading: the connection is dropped. */
  static final long WRITE_DEADLINE_NANOS = 10_000_000_000L;
  private static final long REFUSAL_WARN_NANOS = 10_000_000_000L;
  /**
   * Lines a second an agent may send before its link reads it slower: some 30 times what a busy
   * node needs (heartbeats, process reports, a program's output in 16 KiB chunks).
   */
  static final int LINES_PER_SECOND = 2000;

  private static final byte[] NEWLINE = {'\n'};

  private enum Phase { DISCONNECTED, SYNCING, HELLO, READY }

  private final int node;
  private final Path socket;
  private final AgentListener listener;
  private final Supplier<AgentRequests> requests;
  private final AtomicBoolean fullReportAsked = new AtomicBoolean();
  private final MessageCodec codec;
  private final AtomicLong ids = new AtomicLong();
  private final PendingRequests pending = new PendingRequests();
  private final Thread thread;

  private volatile boolean closed;
  private volatile SocketChannel channel;
  private volatile LineWriter writer;
  private volatile Phase phase = Phase.DISCONNECTED;
  private volatile String nonce = "";
  private volatile long helloId;
  private volatile long syncSentNanos;
  private volatile long handshakeStartedNanos;
  private volatile long handshakeBudgetNanos = FIRST_HANDSHAKE_NANOS;
  /** The guest cannot answer yet (an incoming migration's guest waits paused): no handshake deadline. */
  private volatile boolean guestHeld;
  private volatile long lastHeardNanos;
  private volatile long lastHeartbeatSeq = -1;
  private volatile Messages.HelloReply hello;
  /** Refused lines are logged at most every {@link #REFUSAL_WARN_NANOS}: a guest cannot fill the log. */
  private long lastRefusalWarnNanos = Long.MIN_VALUE / 2;
  private long refusalsUnlogged;
  private long lastPaceWarnNanos = Long.MIN_VALUE / 2;

  public AgentLink(int node, Path socket, AgentListener listener, MessageCodec codec) {
    this(node, socket, listener, codec, () -> null);
  }

  /** @param requests who serves the agent's own requests (null while nobody does yet) */
  public AgentLink(int node, Path socket, AgentListener listener, MessageCodec codec,
      Supplier<AgentRequests> requests) {
    this.requests = requests;
    this.node = node;
    this.socket = socket;
    this.listener = listener;
    this.codec = codec;
    this.thread = new Thread(this::run, "agent-link-node" + node);
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public int node() {
    return node;
  }

  /** Whether the agent has said hello on the current connection and is not silent. */
  public boolean isReady() {
    return phase == Phase.READY;
  }

  /** The agent's hello on the current connection, while the link is ready. */
  public Optional<Messages.HelloReply> readyHello() {
    return phase == Phase.READY ? Optional.ofNullable(hello) : Optional.empty();
  }

  /** Called periodically: re-sends sync while unanswered and notices a silent agent. */
  void tick(long nowNanos) {
    Phase current = phase;
    LineWriter lines = writer;
    // Measured on the clock itself: a write is blocked only for as long as it really was.
    long stuck = lines == null ? 0 : lines.stuckNanos(System.nanoTime());
    if (stuck > WRITE_DEADLINE_NANOS) {
      LOG.warn("node {}: the guest has not read its channel for {} s ({} lines waiting); reconnecting", node,
          stuck / 1_000_000_000L, lines.waiting());
      closeChannel();
    } else if (current == Phase.READY && nowNanos - lastHeardNanos > SILENCE_NANOS) {
      resync("agent silent for " + (nowNanos - lastHeardNanos) / 1_000_000_000L + " s");
    } else if ((current == Phase.SYNCING || current == Phase.HELLO) && !guestHeld
        && nowNanos - handshakeStartedNanos > handshakeBudgetNanos) {
      LOG.info("node {}: no answer to sync for {} s; reconnecting", node, handshakeBudgetNanos / 1_000_000_000L);
      handshakeStartedNanos = nowNanos;
      handshakeBudgetNanos = Math.min(2 * handshakeBudgetNanos, MAX_HANDSHAKE_NANOS);
      closeChannel();
    } else if ((current == Phase.SYNCING || current == Phase.HELLO)
        && nowNanos - syncSentNanos > SYNC_RETRY_NANOS) {
      sendSync();
    }
  }

  /**
   * The guest waits paused (an incoming migration): an unanswered handshake is expected, not a
   * reason to reconnect, until {@link #guestRuns}.
   */
  public void guestHeld() {
    guestHeld = true;
  }

  /** The guest runs (again): the handshake's deadline counts from now, at its shortest. */
  public void guestRuns() {
    handshakeStartedNanos = System.nanoTime();
    handshakeBudgetNanos = FIRST_HANDSHAKE_NANOS;
    guestHeld = false;
  }

  /** Sends a request that is answered by one message (ok, hello-reply or error). */
  public CompletableFuture<Message> request(LongFunction<Message> make) {
    long id = ids.incrementAndGet();
    CompletableFuture<Message> future = new CompletableFuture<>();
    requireReady();
    pending.expectReply(id, future);
    try {
      write(make.apply(id));
    } catch (RuntimeException e) {
      pending.forget(id);
      throw e;
    }
    return future;
  }

  /** Runs a program on the node; progress goes to {@code execListener}. */
  public void exec(List<String> argv, Map<String, String> env, ExecListener execListener) {
    long id = ids.incrementAndGet();
    requireReady();
    pending.expectExec(id, execListener);
    try {
      write(new Messages.Exec(id, argv, null, env, Protocol.DEFAULT_WINDOW_BYTES));
    } catch (RuntimeException e) {
      pending.forget(id);
      throw e;
    }
  }

  @Override
  public void close() {
    closed = true;
    closeChannel();
    thread.interrupt();
    pending.failAll("link to node " + node + " closed");
  }

  private void run() {
    while (!closed) {
      SocketChannel connected = connect();
      if (connected != null) {
        try (SocketChannel ch = connected) {
          LOG.info("node {}: agent channel connected", node);
          writer = new LineWriter(node, ch, this::closeChannel);
          channel = ch;
          phase = Phase.SYNCING;
          lastHeardNanos = System.nanoTime();
          startSync();
          readLoop(ch);
          if (!closed) {
            LOG.info("node {}: agent channel closed by QEMU", node);
          }
        } catch (IOException e) {
          if (!closed) {
            LOG.info("node {}: agent channel closed: {}", node, e.getMessage());
          }
        } finally {
          channel = null;
          LineWriter lines = writer;
          writer = null;
          if (lines != null) {
            lines.close();
          }
          lose("agent channel closed");
        }
      }
      sleep(RECONNECT_MILLIS);
    }
  }

  private SocketChannel connect() {
    if (!Files.exists(socket)) {
      return null;
    }
    try {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        ch.connect(UnixDomainSocketAddress.of(socket));
        return ch;
      } catch (IOException e) {
        ch.close();
        return null;
      }
    } catch (IOException e) {
      return null;
    }
  }

  private void readLoop(SocketChannel ch) throws IOException {
    // Lines longer than the protocol allows are skipped by the reader: the agent never sends them.
    LineReader lines = new LineReader(Channels.newInputStream(ch), Protocol.MAX_LINE_BYTES);
    LinePace pace = new LinePace(LINES_PER_SECOND, LINES_PER_SECOND, System.nanoTime());
    for (LineReader.Line line = lines.next(); line != null && !closed; line = lines.next()) {
      long wait = pace.take(System.nanoTime());
      if (wait > 0) {
        slowedDown(wait);
      }
      lastHeardNanos = System.nanoTime();
      if (line.oversized()) {
        refused("a line of " + line.length() + " bytes, over the limit of " + Protocol.MAX_LINE_BYTES);
        continue;
      }
      try {
        handle(codec.decode(line.text()));
      } catch (ProtocolException e) {
        refused(e.code().wireName() + ": " + e.getMessage());
      } catch (RuntimeException e) {
        LOG.error("node {}: failed to handle a line from the agent", node, e);
      }
    }
  }

  private void handle(Message message) {
    switch (phase) {
      case SYNCING -> {
        if (message instanceof Messages.Synced synced && nonce.equals(synced.nonce())) {
          phase = Phase.HELLO;
          helloId = ids.incrementAndGet();
          write(new Messages.Hello(helloId));
        }
        // Anything else was written before our sync: stale, dropped.
      }
      case HELLO -> {
        if (message instanceof Messages.HelloReply reply && reply.id() == helloId) {
          hello = reply;
          handshakeBudgetNanos = FIRST_HANDSHAKE_NANOS;
          phase = Phase.READY;
          lastHeartbeatSeq = -1;
          listener.onReady(node, reply);
        }
      }
      case READY -> handleReady(message);
      case DISCONNECTED -> { }
    }
  }

  private void handleReady(Message message) {
    if (message instanceof Messages.Heartbeat beat) {
      // A new agent process counts its beats from the start again: it knows nothing of our session.
      if (beat.seq() <= lastHeartbeatSeq) {
        resync("agent restarted (heartbeat " + beat.seq() + " after " + lastHeartbeatSeq + ")");
        return;
      }
      lastHeartbeatSeq = beat.seq();
      listener.onHeartbeat(node, beat);
      return;
    }
    if (message instanceof Messages.Procs report) {
      if (!listener.onProcesses(node, report)) {
        askForFullReport();
      }
      return;
    }
    if (message instanceof Messages.ServiceStates report) {
      listener.onServiceStates(node, report);
      return;
    }
    if (message instanceof Messages.ServiceLog log) {
      listener.onServiceLog(node, log);
      return;
    }
    if (message instanceof Messages.RemoteSignal || message instanceof Messages.Cli) {
      serve(message);
      return;
    }
    SocketChannel session = channel;
    pending.deliver(message, (id, bytes) -> () -> ack(session, id, bytes));
  }

  /** The agent sends faster than {@link #LINES_PER_SECOND}: its reader waits (this link's thread only). */
  private void slowedDown(long waitNanos) throws IOException {
    long now = System.nanoTime();
    if (now - lastPaceWarnNanos > REFUSAL_WARN_NANOS) {
      LOG.warn("node {}: the agent sends more than {} lines a second; reading it slower", node, LINES_PER_SECOND);
      lastPaceWarnNanos = now;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(waitNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while pacing node " + node + "'s agent");
    }
  }

  /**
   * A line from the agent could not be read. Only a READY session can have lost something (a
   * process report, say), so only then is the agent asked to start its report over.
   */
  private void refused(String why) {
    long now = System.nanoTime();
    if (now - lastRefusalWarnNanos > REFUSAL_WARN_NANOS) {
      LOG.warn("node {}: refused a line from the agent: {}{}", node, why,
          refusalsUnlogged == 0 ? "" : " (and " + refusalsUnlogged + " more since the last warning)");
      lastRefusalWarnNanos = now;
      refusalsUnlogged = 0;
    } else {
      refusalsUnlogged++;
    }
    if (phase == Phase.READY) {
      listener.onRefusedLine(node, why);
      askForFullReport();
    }
  }

  /** A hello makes the agent send a full process report; one at a time is enough. */
  private void askForFullReport() {
    if (!fullReportAsked.compareAndSet(false, true)) {
      return;
    }
    try {
      request(Messages.Hello::new).whenComplete((reply, error) -> fullReportAsked.set(false));
    } catch (AgentUnavailableException e) {
      fullReportAsked.set(false);
    }
  }

  /**
   * Hands an agent's request to the server of requests; answers go back on this connection only,
   * at the pace the guest reads them (a command's output waits for room, up to the write deadline).
   */
  private void serve(Message request) {
    SocketChannel session = channel;
    LineWriter lines = writer;
    Consumer<Message> reply = answer -> {
      try {
        if (session == channel && !lines.offer(codec.encodeLine(answer), WRITE_DEADLINE_NANOS)) {
          throw new AgentUnavailableException("node " + node + " does not read its answers");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AgentUnavailableException("interrupted while answering node " + node);
      }
    };
    AgentRequests handler = requests.get();
    if (handler == null) {
      reply.accept(new Messages.Error(request.id(), ErrorCode.FAILED, "the host is still starting; try again"));
      return;
    }
    handler.handle(node, request, reply);
  }

  private void ack(SocketChannel session, long id, int bytes) {
    if (bytes > 0 && session == channel && phase == Phase.READY) {
      try {
        write(new Messages.Ack(id, bytes));
      } catch (AgentUnavailableException e) {
        // The link went away; the agent drops that session's programs' output itself.
      }
    }
  }

  private void resync(String why) {
    LOG.info("node {}: {}; syncing again", node, why);
    phase = Phase.SYNCING;
    pending.failAll("agent on node " + node + " lost: " + why);
    listener.onLost(node, why);
    startSync();
  }

  private void lose(String why) {
    boolean wasReady = phase == Phase.READY;
    phase = Phase.DISCONNECTED;
    pending.failAll("link to node " + node + " lost: " + why);
    if (wasReady && !closed) {
      listener.onLost(node, why);
    }
  }

  /** Begins a handshake with a fresh nonce: lines written before it cannot carry that nonce. */
  private void startSync() {
    handshakeStartedNanos = System.nanoTime();
    nonce = UUID.randomUUID().toString();
    sendSync();
  }

  /**
   * Sends the current sync. Retries repeat the same nonce: a fresh one per retry would discard
   * every answer that takes longer than the retry period, and a slow agent would never be heard.
   */
  private void sendSync() {
    syncSentNanos = System.nanoTime();
    try {
      // The newline first ends any partial line an earlier connection left in the agent's reader.
      writeBytes(NEWLINE);
      write(new Messages.Sync(ids.incrementAndGet(), nonce));
    } catch (AgentUnavailableException e) {
      // Not connected: the reconnect loop syncs again.
    }
  }

  private void write(Message message) {
    writeBytes(codec.encodeLine(message));
  }

  /** Queues a line for the connection's writer; never blocks (see {@link LineWriter}). */
  private void writeBytes(byte[] line) {
    LineWriter lines = writer;
    if (lines == null) {
      throw new AgentUnavailableException("agent of node " + node + " is not connected");
    }
    if (!lines.offer(line)) {
      throw new AgentUnavailableException("the agent of node " + node + " is not reading its channel ("
          + lines.waiting() + " lines wait); try again shortly");
    }
  }

  private void requireReady() {
    if (phase != Phase.READY) {
      throw new AgentUnavailableException("agent of node " + node + " is not ready ("
          + phase.name().toLowerCase() + ")");
    }
  }

  private void closeChannel() {
    SocketChannel ch = channel;
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // Already broken.
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
