package io.unum.agent.services;

import io.unum.agent.protocol.ErrorCode;
import io.unum.agent.protocol.InvalidFieldException;
import io.unum.agent.protocol.Messages;
import io.unum.agent.protocol.Messages.Ack;
import io.unum.agent.protocol.Messages.Exec;
import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Answers {@code exec} and {@code ack}: starts programs and meters their output. */
public final class ExecService {
  private static final File DEV_NULL = new File("/dev/null");
  /** Java words a failed start as 'Cannot run program "x": error=2, No such file or directory'. */
  private static final Pattern ERRNO_TEXT = Pattern.compile("error=\\d+, (.*)");

  /** The execs of the current session that have not exited, by request id. */
  private final Map<Long, ExecFlow> running = new ConcurrentHashMap<>();

  /** Starts the program and replies {@code started}, or {@code error failed} if it cannot run. */
  public void start(Exec request, Replies replies) {
    long id = request.id();
    if (running.containsKey(id)) {
      throw new InvalidFieldException("id", "is already used by a running exec");
    }
    String program = request.argv().get(0);
    File cwd = new File(request.cwd() == null ? "/" : request.cwd());
    if (!cwd.isDirectory()) {
      replies.send(new Messages.Error(id, ErrorCode.FAILED,
          "cannot run '" + program + "': no directory '" + cwd + "'"));
      return;
    }
    ProcessBuilder builder = new ProcessBuilder(request.argv())
        .directory(cwd)
        .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
    Process process;
    try {
      if (request.env() != null) {
        builder.environment().putAll(request.env());
      }
      process = builder.start();
    } catch (IllegalArgumentException e) {
      // The JDK refuses names with '=' and strings with NUL before trying to run anything.
      throw new InvalidFieldException("env", "is not a valid environment: " + e.getMessage());
    } catch (IOException e) {
      replies.send(new Messages.Error(id, ErrorCode.FAILED,
          "cannot run '" + program + "': " + reason(e)));
      return;
    }
    ExecFlow flow = new ExecFlow(id, process, request.windowOrDefault(), replies);
    running.put(id, flow);
    replies.send(new Messages.Started(id, process.pid()));
    flow.start(() -> running.remove(id, flow));
  }

  /** Frees output credit; an ack for an exec that is not running is ignored. */
  public void ack(Ack ack) {
    ExecFlow flow = running.get(ack.id());
    if (flow != null) {
      flow.credit(ack.bytes());
    }
  }

  /**
   * A new session began: the running programs go on, but nobody is left to read their output
   * or exit, so they stop waiting for acks and their lines are discarded.
   */
  public void orphanAll() {
    for (ExecFlow flow : running.values()) {
      flow.orphan();
    }
    running.clear();
  }

  private static String reason(IOException e) {
    String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    Matcher matcher = ERRNO_TEXT.matcher(message == null ? "" : message);
    return matcher.find() ? matcher.group(1) : String.valueOf(e.getMessage());
  }
}
