package io.unum.agent.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.unum.agent.protocol.Messages.Ack;
import io.unum.agent.protocol.Messages.Exec;
import io.unum.agent.protocol.Messages.Exit;
import io.unum.agent.protocol.Messages.Heartbeat;
import io.unum.agent.protocol.Messages.Hello;
import io.unum.agent.protocol.Messages.HelloReply;
import io.unum.agent.protocol.Messages.Ok;
import io.unum.agent.protocol.Messages.Output;
import io.unum.agent.protocol.Messages.Poweroff;
import io.unum.agent.protocol.Messages.Signal;
import io.unum.agent.protocol.Messages.Started;
import io.unum.agent.protocol.Messages.Stream;
import io.unum.agent.protocol.Messages.Sync;
import io.unum.agent.protocol.Messages.Synced;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * Turns messages into single JSON lines and back. Thread-safe. Unknown fields are ignored (so a
 * newer peer can add some); unknown types, missing or invalid fields are refused with a
 * {@link ProtocolException} that names the problem.
 *
 * <p>Built on Jackson's streaming API alone, with the fields of each type spelled out below:
 * databind's mapper and its reflective (de)serialisers took seconds to start on an emulated
 * CPU, and the agent pays its codec's start-up on every node boot. For the same reason this
 * class avoids lambdas, which are bootstrapped at run time.
 */
public final class MessageCodec {
  private final JsonFactory factory = new JsonFactory();

  /** One JSON object, no newline (JSON escapes every newline inside strings). */
  public String encode(Message message) {
    return write(message).toString();
  }

  /** Encodes to UTF-8 bytes with the terminating newline, ready for the wire. */
  public byte[] encodeLine(Message message) {
    StringWriter text = write(message);
    text.write('\n');
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private StringWriter write(Message message) {
    StringWriter text = new StringWriter(128);
    try (JsonGenerator generator = factory.createGenerator(text)) {
      write(message, new MessageWriter(generator));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
    }
    return text;
  }

  /** Decodes one line (without its newline). */
  public Message decode(String line) throws ProtocolException {
    MessageReader fields = new MessageReader();
    try (JsonParser parser = factory.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new ProtocolException(ErrorCode.MALFORMED, "a message must be a JSON object", null);
      }
      fields.readMembers(parser);
      if (parser.nextToken() != null) {
        throw new ProtocolException(ErrorCode.MALFORMED,
            "a line must hold exactly one JSON object", fields.readableId());
      }
    } catch (JsonProcessingException e) {
      throw new ProtocolException(ErrorCode.MALFORMED,
          "not JSON: " + firstLine(e.getOriginalMessage()), fields.readableId());
    } catch (IOException e) {
      // A String cannot fail to read; kept apart so a real bug is not called bad JSON.
      throw new IllegalStateException("cannot read a string", e);
    }
    if (!(fields.get("type") instanceof String type)) {
      throw new ProtocolException(ErrorCode.MALFORMED, "field 'type' is missing or not a string",
          fields.readableId());
    }
    Message message;
    try {
      message = read(type, fields);
    } catch (InvalidFieldException e) {
      // Thrown by the reader's typed accessors and by the records' own validation alike.
      throw new ProtocolException(ErrorCode.BAD_REQUEST, type + ": " + e.getMessage(),
          fields.readableId());
    }
    if (message == null) {
      throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type '" + type + "'",
          fields.readableId());
    }
    return message;
  }

  /** The fields of each type, in record order; null for a type this version does not know. */
  private static Message read(String type, MessageReader r) {
    return switch (type) {
      case "sync" -> new Sync(r.id(), r.string("nonce"));
      case "synced" -> new Synced(r.id(), r.string("nonce"));
      case "hello" -> new Hello(r.id());
      case "hello-reply" -> new HelloReply(r.id(), r.intValue("node"),
          r.optionalString("hostname"), r.optionalString("kernel"),
          r.optionalString("agentVersion"), r.intValue("protocol"), r.longValue("pid"));
      case "exec" -> new Exec(r.id(), r.strings("argv"), r.optionalString("cwd"),
          r.optionalStringMap("env"), r.optionalLong("window"));
      case "started" -> new Started(r.id(), r.longValue("pid"));
      case "output" -> new Output(r.id(), r.oneOf("stream", Stream.values()), r.base64("data"));
      case "ack" -> new Ack(r.id(), r.longValue("bytes"));
      case "exit" -> new Exit(r.id(), r.intValue("code"), r.optionalInt("signal"));
      case "signal" -> new Signal(r.id(), r.longValue("pid"), r.intValue("signal"), optionalSender(r));
      case "remote-signal" -> new Messages.RemoteSignal(r.id(), r.longValue("pid"), r.intValue("signal"),
          sender(r));
      case "cli" -> new Messages.Cli(r.id(), r.strings("argv"), r.longValue("uid"), r.longValue("gid"));
      case "poweroff" -> new Poweroff(r.id(), r.bool("reboot", false));
      case "ok" -> new Ok(r.id());
      case "error" -> new Messages.Error(r.optionalId(), r.oneOf("code", ErrorCode.values()),
          r.string("message"));
      case "heartbeat" -> new Heartbeat(r.optionalId(), r.longValue("seq"),
          r.doubleValue("uptimeSeconds"), r.doubleValue("load1"), r.doubleValue("load5"),
          r.doubleValue("load15"), r.doubleValue("cpuPercent"), r.longValue("memTotalKiB"),
          r.longValue("memAvailableKiB"), r.intValue("processes"));
      case "procs" -> new Messages.Procs(r.optionalId(), r.longValue("seq"), r.bool("full", false),
          procs(r.objects("upsert")), r.longs("gone"));
      case "services" -> new Messages.Services(r.id(), r.intValue("runLevel"), r.longValue("initEpoch"),
          r.bool("init", false), serviceOrders(r.objects("services")));
      case "service-states" -> new Messages.ServiceStates(r.optionalId(), serviceStatuses(r.objects("services")));
      case "service-log" -> new Messages.ServiceLog(r.optionalId(), r.string("name"),
          r.oneOf("stream", Stream.values()), r.optionalStrings("lines"), r.optionalLongOr("dropped", 0));
      default -> null;
    };
  }

  private static java.util.List<Messages.ServiceOrder> serviceOrders(java.util.List<MessageReader> objects) {
    java.util.List<Messages.ServiceOrder> orders = new java.util.ArrayList<>(objects.size());
    for (MessageReader o : objects) {
      orders.add(new Messages.ServiceOrder(o.string("name"), o.longValue("revision"), o.strings("argv"),
          o.optionalString("user"), o.optionalStringMap("env"), o.oneOf("restart", Messages.Restart.values()),
          o.intValue("limit"), o.longValue("backoffMillis"), o.longValue("maxBackoffMillis"),
          o.longValue("stopMillis"), o.bool("start", true)));
    }
    return orders;
  }

  private static java.util.List<Messages.ServiceStatus> serviceStatuses(java.util.List<MessageReader> objects) {
    java.util.List<Messages.ServiceStatus> statuses = new java.util.ArrayList<>(objects.size());
    for (MessageReader o : objects) {
      statuses.add(new Messages.ServiceStatus(o.string("name"), o.longValue("revision"),
          o.oneOf("state", Messages.ServiceState.values()), o.optionalLongOr("pid", 0), o.intValue("restarts"),
          o.optionalInt("exitCode"), o.longValue("sinceMillis"), o.optionalString("message"),
          o.optionalStrings("lastOutput")));
    }
    return statuses;
  }

  /** The sender of a signal; absent (no {@code uid}) means the host's own authority. */
  private static Messages.Sender optionalSender(MessageReader r) {
    return r.optionalLong("uid") == null ? null : sender(r);
  }

  private static Messages.Sender sender(MessageReader r) {
    long uid = r.longValue("uid");
    Long euid = r.optionalLong("euid");
    return new Messages.Sender(uid, euid == null ? uid : euid, r.bool("capKill", false));
  }

  private static void writeSender(MessageWriter w, Messages.Sender sender) throws IOException {
    if (sender != null) {
      w.integer("uid", sender.uid());
      w.integer("euid", sender.euid());
      w.bool("capKill", sender.capKill());
    }
  }

  private static java.util.List<Messages.Proc> procs(java.util.List<MessageReader> objects) {
    java.util.List<Messages.Proc> procs = new java.util.ArrayList<>(objects.size());
    for (MessageReader p : objects) {
      procs.add(new Messages.Proc(p.longValue("pid"), p.longValue("ppid"), p.longValue("uid"),
          p.optionalString("user"), p.string("state"), p.doubleValue("cpuPercent"),
          p.longValue("rssKiB"), p.longValue("startMillis"), p.string("cmd")));
    }
    return procs;
  }

  /** The counterpart of {@link #read}: same names, same order, type first. */
  private static void write(Message message, MessageWriter w) throws IOException {
    if (message instanceof Sync m) {
      w.start("sync", m.id());
      w.string("nonce", m.nonce());
    } else if (message instanceof Synced m) {
      w.start("synced", m.id());
      w.string("nonce", m.nonce());
    } else if (message instanceof Hello m) {
      w.start("hello", m.id());
    } else if (message instanceof HelloReply m) {
      w.start("hello-reply", m.id());
      w.integer("node", m.node());
      w.string("hostname", m.hostname());
      w.string("kernel", m.kernel());
      w.string("agentVersion", m.agentVersion());
      w.integer("protocol", m.protocol());
      w.integer("pid", m.pid());
    } else if (message instanceof Exec m) {
      w.start("exec", m.id());
      w.strings("argv", m.argv());
      w.string("cwd", m.cwd());
      w.stringMap("env", m.env());
      w.optionalInteger("window", m.window());
    } else if (message instanceof Started m) {
      w.start("started", m.id());
      w.integer("pid", m.pid());
    } else if (message instanceof Output m) {
      w.start("output", m.id());
      w.wireName("stream", m.stream());
      w.base64("data", m.data());
    } else if (message instanceof Ack m) {
      w.start("ack", m.id());
      w.integer("bytes", m.bytes());
    } else if (message instanceof Exit m) {
      w.start("exit", m.id());
      w.integer("code", m.code());
      w.optionalInteger("signal", m.signal());
    } else if (message instanceof Signal m) {
      w.start("signal", m.id());
      w.integer("pid", m.pid());
      w.integer("signal", m.signal());
      writeSender(w, m.sender());
    } else if (message instanceof Messages.RemoteSignal m) {
      w.start("remote-signal", m.id());
      w.integer("pid", m.pid());
      w.integer("signal", m.signal());
      writeSender(w, m.sender());
    } else if (message instanceof Messages.Cli m) {
      w.start("cli", m.id());
      w.strings("argv", m.argv());
      w.integer("uid", m.uid());
      w.integer("gid", m.gid());
    } else if (message instanceof Poweroff m) {
      w.start("poweroff", m.id());
      w.bool("reboot", m.reboot());
    } else if (message instanceof Ok m) {
      w.start("ok", m.id());
    } else if (message instanceof Messages.Error m) {
      w.start("error", m.id());
      w.wireName("code", m.code());
      w.string("message", m.message());
    } else if (message instanceof Heartbeat m) {
      w.start("heartbeat", m.id());
      w.integer("seq", m.seq());
      w.number("uptimeSeconds", m.uptimeSeconds());
      w.number("load1", m.load1());
      w.number("load5", m.load5());
      w.number("load15", m.load15());
      w.number("cpuPercent", m.cpuPercent());
      w.integer("memTotalKiB", m.memTotalKiB());
      w.integer("memAvailableKiB", m.memAvailableKiB());
      w.integer("processes", m.processes());
    } else if (message instanceof Messages.Procs m) {
      w.start("procs", m.id());
      w.integer("seq", m.seq());
      w.bool("full", m.full());
      w.startArray("upsert");
      for (Messages.Proc p : m.upsert()) {
        w.startItem();
        w.integer("pid", p.pid());
        w.integer("ppid", p.ppid());
        w.integer("uid", p.uid());
        w.string("user", p.user());
        w.string("state", p.state());
        w.number("cpuPercent", p.cpuPercent());
        w.integer("rssKiB", p.rssKiB());
        w.integer("startMillis", p.startMillis());
        w.string("cmd", p.cmd());
        w.end();
      }
      w.endArray();
      w.longs("gone", m.gone());
    } else if (message instanceof Messages.Services m) {
      w.start("services", m.id());
      w.integer("runLevel", m.runLevel());
      w.integer("initEpoch", m.initEpoch());
      w.bool("init", m.init());
      w.startArray("services");
      for (Messages.ServiceOrder o : m.services()) {
        w.startItem();
        w.string("name", o.name());
        w.integer("revision", o.revision());
        w.strings("argv", o.argv());
        w.string("user", o.user());
        w.stringMap("env", o.env());
        w.wireName("restart", o.restart());
        w.integer("limit", o.limit());
        w.integer("backoffMillis", o.backoffMillis());
        w.integer("maxBackoffMillis", o.maxBackoffMillis());
        w.integer("stopMillis", o.stopMillis());
        w.bool("start", o.start());
        w.end();
      }
      w.endArray();
    } else if (message instanceof Messages.ServiceStates m) {
      w.start("service-states", m.id());
      w.startArray("services");
      for (Messages.ServiceStatus o : m.services()) {
        w.startItem();
        w.string("name", o.name());
        w.integer("revision", o.revision());
        w.wireName("state", o.state());
        w.integer("pid", o.pid());
        w.integer("restarts", o.restarts());
        w.optionalInteger("exitCode", o.exitCode());
        w.integer("sinceMillis", o.sinceMillis());
        w.string("message", o.message());
        w.strings("lastOutput", o.lastOutput());
        w.end();
      }
      w.endArray();
    } else if (message instanceof Messages.ServiceLog m) {
      w.start("service-log", m.id());
      w.string("name", m.name());
      w.wireName("stream", m.stream());
      w.strings("lines", m.lines());
      w.integer("dropped", m.dropped());
    } else {
      throw new IllegalStateException("no wire form for " + message.getClass().getName());
    }
    w.end();
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "invalid";
    }
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
