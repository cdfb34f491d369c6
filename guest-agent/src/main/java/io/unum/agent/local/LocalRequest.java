package io.unum.agent.local;

import io.unum.agent.protocol.Messages.Sender;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One request on the node's local socket (see PROTOCOL.md, "The node's local socket"):
 * {@code signal PID SIG UID EUID CAPKILL} from the kernel's signal helper, or {@code cli ARGC}
 * followed by each argument as {@code LEN\n} and LEN bytes, from the in-node {@code unum}.
 */
public sealed interface LocalRequest {
  /** Longest header line. */
  int MAX_LINE = 256;
  /** Most arguments, and most bytes of them all, a {@code cli} request may carry. */
  int MAX_ARGS = 1024;
  int MAX_ARG_BYTES = 64 * 1024;

  /** Deliver a signal to another node's process for the sender kill(2) saw. */
  record Signal(long pid, int signal, Sender sender) implements LocalRequest {}

  /** Run a {@code unum} command. */
  record Cli(List<String> argv) implements LocalRequest {}

  /** Reads one request; an {@link IllegalArgumentException} says what is wrong with it. */
  static LocalRequest read(InputStream in) throws IOException {
    String[] words = line(in).split(" ");
    switch (words[0]) {
      case "signal" -> {
        if (words.length != 6) {
          throw new IllegalArgumentException("signal wants PID SIGNAL UID EUID CAPKILL");
        }
        return new Signal(number(words[1], "pid", 1), (int) number(words[2], "signal", 0),
            new Sender(number(words[3], "uid", 0), number(words[4], "euid", 0), words[5].equals("1")));
      }
      case "cli" -> {
        int count = words.length == 2 ? (int) number(words[1], "argument count", 0) : -1;
        if (count < 0 || count > MAX_ARGS) {
          throw new IllegalArgumentException("cli wants an argument count of 0.." + MAX_ARGS);
        }
        List<String> argv = new ArrayList<>(count);
        int total = 0;
        for (int i = 0; i < count; i++) {
          int length = (int) number(line(in), "argument length", 0);
          total += length;
          if (total > MAX_ARG_BYTES) {
            throw new IllegalArgumentException("arguments longer than " + MAX_ARG_BYTES + " bytes");
          }
          byte[] arg = in.readNBytes(length);
          if (arg.length != length) {
            throw new EOFException("request ended inside an argument");
          }
          argv.add(new String(arg, StandardCharsets.UTF_8));
        }
        return new Cli(List.copyOf(argv));
      }
      default -> throw new IllegalArgumentException("unknown request '" + words[0] + "'");
    }
  }

  private static long number(String text, String what, long min) {
    try {
      long value = Long.parseLong(text);
      if (value >= min) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Said below.
    }
    throw new IllegalArgumentException(what + " '" + text + "' is not a number >= " + min);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("request ended before a newline");
      }
      if (line.size() >= MAX_LINE) {
        throw new IllegalArgumentException("request line longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
