package io.unum.agent.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unum.agent.protocol.Messages.Exec;
import io.unum.agent.protocol.Messages.Output;
import io.unum.agent.protocol.Messages.Stream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  private final MessageCodec codec = new MessageCodec();

  @Test
  void everyMessageSurvivesARoundTrip() throws Exception {
    List<Message> messages = List.of(
        new Messages.Sync(1L, "n-1"),
        new Messages.Synced(1L, "n-1"),
        new Messages.Hello(2L),
        new Messages.HelloReply(2L, 3, "node3", "6.1.0", "0.1.0", Protocol.VERSION, 77),
        new Exec(4L, List.of("sh", "-c", "exit 7"), "/tmp", Map.of("A", "b"), 4096L),
        new Messages.Started(4L, 131072),
        new Messages.Ack(4L, 100),
        new Messages.Exit(4L, 7, null),
        new Messages.Signal(5L, 42, 15),
        new Messages.Poweroff(6L, true),
        new Messages.Ok(6L),
        new Messages.Error(null, ErrorCode.MALFORMED, "bad"),
        new Messages.Heartbeat(null, 9, 12.5, 0.1, 0.2, 0.3, 4.5, 1000, 500, 12));
    for (Message message : messages) {
      String line = codec.encode(message);
      assertThat(line).doesNotContain("\n");
      assertThat(codec.decode(line)).isEqualTo(message);
    }
  }

  @Test
  void everyTypeAndOptionalFieldSurvivesARoundTrip() throws Exception {
    List<Message> messages = List.of(
        new Messages.Sync(Long.MAX_VALUE, "n"),
        new Messages.Synced(1L, ""),
        new Messages.Hello(1L),
        new Messages.HelloReply(1L, 0, null, null, null, Protocol.VERSION, 1),
        new Exec(1L, List.of("true"), null, null, null),
        new Exec(1L, List.of("a", "", " "), "", Map.of("A", "", "B", "c=d"), 1L),
        new Messages.Started(1L, Long.MAX_VALUE),
        new Output(1L, Stream.STDOUT, new byte[0]),
        new Messages.Ack(1L, Long.MAX_VALUE),
        new Messages.Exit(1L, -1, null),
        new Messages.Exit(1L, 137, 9),
        new Messages.Signal(1L, 1, 64),
        new Messages.Signal(1L, 131075, 0, new Messages.Sender(1000, 0, false)),
        new Messages.RemoteSignal(1L, 196610, 15, new Messages.Sender(0, 0, true)),
        new Messages.Cli(1L, List.of("nodes"), 0, 0),
        new Messages.Cli(1L, List.of("ps", "-e"), 1000, 100),
        new Messages.Poweroff(1L, false),
        new Messages.Ok(1L),
        new Messages.Error(7L, ErrorCode.UNSUPPORTED, ""),
        new Messages.Heartbeat(3L, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        new Messages.Procs(null, 1, true, List.of(new Messages.Proc(131072, 1, 0, "root", "S", 0.5,
            2048, 1_795_000_000_000L, "sleep 300"), new Messages.Proc(2, 0, 0, null, "S", 0, 0, 0, "[kthreadd]")),
            List.of()),
        new Messages.Procs(null, 2, false, List.of(), List.of(131072L, 4L)),
        new Messages.Services(1L, 3, 7, true, List.of(
            new Messages.ServiceOrder("web", 4, List.of("python3", "-m", "http.server"), "www-data",
                Map.of("PORT", "8080"), Messages.Restart.ALWAYS, 5, 500, 30_000, 10_000, true),
            new Messages.ServiceOrder("db", 1, List.of("sleep", "inf"), null, null,
                Messages.Restart.ON_FAILURE, 0, 1, 1, 0, false))),
        new Messages.Services(2L, 0, 0, false, List.of()),
        new Messages.ServiceStates(null, List.of(
            new Messages.ServiceStatus("web", 4, Messages.ServiceState.RUNNING, 131090, 0, null, 1_795_000_000_000L,
                null, List.of()),
            new Messages.ServiceStatus("crash", 1, Messages.ServiceState.FAILED, 0, 3, 3, 1_795_000_000_000L,
                "hit its restart limit (3)", List.of("boom", "")))),
        new Messages.ServiceLog(null, "web", Stream.STDERR, List.of("GET /", "\u00e9 \t"), 12));
    Set<Class<?>> seen = new HashSet<>();
    for (Message message : messages) {
      Message decoded = codec.decode(codec.encode(message));
      if (message instanceof Output output) {
        assertThat(((Output) decoded).data()).containsExactly(output.data());
        assertThat(((Output) decoded).stream()).isEqualTo(output.stream());
      } else {
        assertThat(decoded).isEqualTo(message);
      }
      seen.add(message.getClass());
    }
    assertThat(seen).containsExactlyInAnyOrder(Message.class.getPermittedSubclasses());
  }

  // Agreed change 1: an old host that leaves reboot out means "power off".
  @Test
  void poweroffRebootIsOptionalAndDefaultsToFalse() throws Exception {
    assertThat(codec.decode("{\"type\":\"poweroff\",\"id\":5}"))
        .isEqualTo(new Messages.Poweroff(5L, false));
    assertThat(codec.decode("{\"type\":\"poweroff\",\"id\":5,\"reboot\":null}"))
        .isEqualTo(new Messages.Poweroff(5L, false));
    assertThat(codec.decode("{\"reboot\":true,\"type\":\"poweroff\",\"id\":5}"))
        .isEqualTo(new Messages.Poweroff(5L, true));
    assertBadRequest("{\"type\":\"poweroff\",\"id\":5,\"reboot\":1}",
        "poweroff: field 'reboot' must be true or false", 5L);
    assertBadRequest("{\"type\":\"poweroff\",\"id\":5,\"reboot\":\"true\"}",
        "poweroff: field 'reboot' must be true or false", 5L);
  }

  // Agreed change 2: an id is a JSON integer > 0, nothing that merely converts to one.
  @Test
  void idsAreStrictPositiveIntegers() throws Exception {
    for (String id : List.of("\"7\"", "1.5", "7.0", "7e0", "0", "-1", "true", "[7]", "{}",
        "9223372036854775808", "123456789012345678901234567890")) {
      assertBadRequest("{\"type\":\"hello\",\"id\":" + id + "}",
          "hello: field 'id' must be a positive integer", null);
    }
    assertBadRequest("{\"type\":\"hello\"}", "hello: field 'id' is required", null);
    assertBadRequest("{\"type\":\"hello\",\"id\":null}", "hello: field 'id' is required", null);
    assertThat(codec.decode("{\"type\":\"hello\",\"id\":9223372036854775807}"))
        .isEqualTo(new Messages.Hello(Long.MAX_VALUE));
    // Optional ids (error, heartbeat) may be absent, but not wrong.
    assertThat(codec.decode("{\"type\":\"error\",\"code\":\"failed\",\"message\":\"m\"}"))
        .isEqualTo(new Messages.Error(null, ErrorCode.FAILED, "m"));
    assertBadRequest("{\"type\":\"error\",\"id\":\"3\",\"code\":\"failed\",\"message\":\"m\"}",
        "error: field 'id' must be a positive integer", null);
  }

  // Agreed change 3: every refusal names the field and what is wrong with it.
  @Test
  void missingOrWronglyTypedFieldsAreRefusedByName() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{\"type\":\"exec\",\"id\":9}", "exec: field 'argv' is required");
    cases.put("{\"type\":\"exec\",\"id\":9,\"argv\":\"ls -l\"}",
        "exec: field 'argv' must be a non-empty array of strings");
    cases.put("{\"type\":\"exec\",\"id\":9,\"argv\":[]}",
        "exec: field 'argv' must be a non-empty array of strings");
    cases.put("{\"type\":\"exec\",\"id\":9,\"argv\":[\"ls\",1]}",
        "exec: field 'argv' must be a non-empty array of strings");
    cases.put("{\"type\":\"exec\",\"id\":9,\"argv\":[\"ls\",null]}",
        "exec: field 'argv' must be a non-empty array of strings");
    cases.put("{\"type\":\"exec\",\"id\":9,\"argv\":[\"ls\"],\"env\":{\"A\":1}}",
        "exec: field 'env' values must be strings");
    cases.put("{\"type\":\"exec\",\"id\":9,\"argv\":[\"ls\"],\"env\":{\"A\":null}}",
        "exec: field 'env' values must be strings");
    cases.put("{\"type\":\"exec\",\"id\":9,\"argv\":[\"ls\"],\"env\":[\"A=1\"]}",
        "exec: field 'env' must be an object");
    cases.put("{\"type\":\"exec\",\"id\":9,\"argv\":[\"ls\"],\"cwd\":7}",
        "exec: field 'cwd' must be a string");
    cases.put("{\"type\":\"exec\",\"id\":9,\"argv\":[\"ls\"],\"window\":\"big\"}",
        "exec: field 'window' must be an integer");
    cases.put("{\"type\":\"exec\",\"id\":9,\"argv\":[\"ls\"],\"window\":0}",
        "exec: field 'window' must be > 0");
    cases.put("{\"type\":\"signal\",\"id\":9,\"signal\":9}", "signal: field 'pid' is required");
    cases.put("{\"type\":\"signal\",\"id\":9,\"pid\":null,\"signal\":9}",
        "signal: field 'pid' is required");
    cases.put("{\"type\":\"signal\",\"id\":9,\"pid\":\"42\",\"signal\":9}",
        "signal: field 'pid' must be an integer");
    cases.put("{\"type\":\"signal\",\"id\":9,\"pid\":42.0,\"signal\":9}",
        "signal: field 'pid' must be an integer");
    cases.put("{\"type\":\"signal\",\"id\":9,\"pid\":42}", "signal: field 'signal' is required");
    cases.put("{\"type\":\"sync\",\"id\":9}", "sync: field 'nonce' is required");
    cases.put("{\"type\":\"sync\",\"id\":9,\"nonce\":5}", "sync: field 'nonce' must be a string");
    cases.put("{\"type\":\"sync\",\"id\":9,\"nonce\":\" \"}",
        "sync: field 'nonce' must be a non-empty string");
    cases.put("{\"type\":\"ack\",\"id\":9,\"bytes\":true}", "ack: field 'bytes' must be an integer");
    cases.put("{\"type\":\"output\",\"id\":9,\"stream\":\"stdin\",\"data\":\"\"}",
        "output: field 'stream' must be one of stdout, stderr");
    cases.put("{\"type\":\"output\",\"id\":9,\"stream\":\"stdout\"}",
        "output: field 'data' is required");
    cases.put("{\"type\":\"error\",\"code\":\"oops\",\"message\":\"m\"}",
        "error: field 'code' must be one of malformed, unknown-type, too-large, bad-request, "
            + "failed, no-such-process, not-permitted, unsupported");
    cases.put("{\"type\":\"heartbeat\",\"seq\":1,\"uptimeSeconds\":\"long\"}",
        "heartbeat: field 'uptimeSeconds' must be a number");
    cases.put("{\"type\":\"hello-reply\",\"id\":9,\"protocol\":1,\"pid\":1}",
        "hello-reply: field 'node' is required");
    cases.forEach((line, message) -> assertBadRequest(line, message,
        line.contains("\"id\":9") ? 9L : null));
    assertThatThrownBy(() -> codec.decode("{\"type\":\"output\",\"id\":9,\"stream\":\"stdout\","
        + "\"data\":\"!!\"}"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.getMessage()).startsWith("output: field 'data' must be base64"));
  }

  // Agreed change 4: signal is an optional part of exit, absent when null.
  @Test
  void exitSignalIsOptional() throws Exception {
    assertThat(codec.decode("{\"type\":\"exit\",\"id\":3,\"code\":0}"))
        .isEqualTo(new Messages.Exit(3L, 0, null));
    assertThat(codec.encode(new Messages.Exit(3L, 0, null))).doesNotContain("signal");
    assertThat(codec.decode(codec.encode(new Messages.Exit(3L, 137, 9))))
        .isEqualTo(new Messages.Exit(3L, 137, 9));
    assertBadRequest("{\"type\":\"exit\",\"id\":3,\"code\":0,\"signal\":\"KILL\"}",
        "exit: field 'signal' must be an integer", 3L);
  }

  @Test
  void fieldsMayComeInAnyOrderWithTheTypeLast() throws Exception {
    assertThat(codec.decode("{\"window\":5,\"env\":{\"A\":\"b\"},\"argv\":[\"ls\"],\"cwd\":\"/\","
        + "\"id\":4,\"type\":\"exec\"}"))
        .isEqualTo(new Exec(4L, List.of("ls"), "/", Map.of("A", "b"), 5L));
    // The id is reported however late it comes.
    assertBadRequest("{\"pid\":0,\"signal\":9,\"type\":\"signal\",\"id\":44}",
        "signal: field 'pid' must be > 0", 44L);
    assertThatThrownBy(() -> codec.decode("{\"x\":1,\"type\":\"format-disk\",\"id\":12}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
          assertThat(e.requestId()).isEqualTo(12L);
        });
    assertThatThrownBy(() -> codec.decode("{\"id\":13,\"type\":[\"hello\"]}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
          assertThat(e.requestId()).isEqualTo(13L);
        });
  }

  @Test
  void unknownFieldsOfAnyShapeAreSkipped() throws Exception {
    assertThat(codec.decode("{\"type\":\"hello\",\"x\":{\"a\":[1,{\"b\":null,\"id\":\"no\"}],"
        + "\"c\":\"}]\"},\"y\":[[],[{}],\"\\\"\",-1.5e300],\"id\":1,\"z\":null,\"t\":true}"))
        .isEqualTo(new Messages.Hello(1L));
    assertThat(codec.decode("{\"type\":\"signal\",\"id\":2,\"pid\":3,\"signal\":9,"
        + "\"future\":{\"pid\":\"x\",\"signal\":[]}}"))
        .isEqualTo(new Messages.Signal(2L, 3, 9));
  }

  @Test
  void hugeNumbersAreRefusedNotWrapped() throws Exception {
    assertBadRequest("{\"type\":\"signal\",\"id\":1,\"pid\":123456789012345678901234567890,"
        + "\"signal\":9}", "signal: field 'pid' is out of range", 1L);
    // 2^32 + 9 would be signal 9 if it were cast to an int.
    assertBadRequest("{\"type\":\"signal\",\"id\":1,\"pid\":5,\"signal\":4294967305}",
        "signal: field 'signal' is out of range", 1L);
    assertBadRequest("{\"type\":\"ack\",\"id\":1,\"bytes\":9223372036854775808}",
        "ack: field 'bytes' is out of range", 1L);
    assertBadRequest("{\"type\":\"ack\",\"id\":1,\"bytes\":1e30}",
        "ack: field 'bytes' must be an integer", 1L);
    assertThat(codec.decode("{\"type\":\"ack\",\"id\":1,\"bytes\":9223372036854775807}"))
        .isEqualTo(new Messages.Ack(1L, Long.MAX_VALUE));
    // Doubles take any JSON number; unknown fields may hold any number at all.
    Messages.Heartbeat beat = (Messages.Heartbeat) codec.decode("{\"type\":\"heartbeat\",\"seq\":1,"
        + "\"uptimeSeconds\":123456789012345678901234567890,\"load1\":1e308,\"load5\":1e-320,"
        + "\"load15\":-0.0,\"cpuPercent\":7,\"memTotalKiB\":1,\"memAvailableKiB\":1,"
        + "\"processes\":1,\"x\":" + "9".repeat(900) + ",\"y\":-" + "1".repeat(900) + ".5e-999}");
    assertThat(beat.uptimeSeconds()).isEqualTo(1.2345678901234568e29);
    assertThat(beat.load1()).isEqualTo(1e308);
    assertThat(beat.load5()).isEqualTo(1e-320);
    assertThat(beat.cpuPercent()).isEqualTo(7.0);
  }

  @Test
  void unicodeAndControlCharactersSurvive() throws Exception {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      all.append(c);
    }
    all.append("\u00e9\u00ff\u0100\u65e5\u2028\u2029\ufeff\ufffd\uffff\ud83d\ude00\udbff\udfff");
    String text = all.toString();
    List<Message> messages = List.of(
        new Messages.Sync(1L, text),
        new Exec(2L, List.of(text, "\n", "\r\n", "\u0000"), text, Map.of(text, text), null),
        new Messages.Error(3L, ErrorCode.FAILED, text),
        new Messages.HelloReply(4L, 1, text, text, text, 1, 1));
    for (Message message : messages) {
      String line = codec.encode(message);
      assertThat(codec.decode(line)).isEqualTo(message);
      assertThat(codec.decode(new String(codec.encodeLine(message), StandardCharsets.UTF_8).trim()))
          .isEqualTo(message);
    }
  }

  @Test
  void encodeNeverEmitsARawNewline() {
    String nasty = "a\nb\rc\r\n\u0085\u2028\u2029\u000b\u000c";
    List<Message> messages = List.of(
        new Messages.Sync(1L, nasty),
        new Messages.Synced(1L, nasty),
        new Messages.HelloReply(1L, 1, nasty, nasty, nasty, 1, 1),
        new Exec(1L, List.of(nasty), nasty, Map.of(nasty, nasty), null),
        new Output(1L, Stream.STDOUT, nasty.getBytes(StandardCharsets.UTF_8)),
        new Messages.Error(1L, ErrorCode.FAILED, nasty));
    for (Message message : messages) {
      assertThat(codec.encode(message)).doesNotContain("\n").doesNotContain("\r");
      byte[] line = codec.encodeLine(message);
      assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
      for (int i = 0; i < line.length - 1; i++) {
        assertThat(line[i]).as("byte %d of %s", i, message).isNotEqualTo((byte) '\n')
            .isNotEqualTo((byte) '\r');
      }
    }
  }

  @Test
  void anythingButOneObjectIsMalformed() {
    for (String line : List.of("", "   ", "null", "7", "\"hello\"", "[]", "{\"type\":\"hello\"",
        "{\"type\":\"hello\",\"id\":1}{}", "{\"type\":\"hello\",\"id\":1} x",
        "{\"type\":\"hello\",\"id\":1,}", "{'type':'hello','id':1}",
        "{\"type\":\"hello\",\"id\":1,\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}")) {
      assertThatThrownBy(() -> codec.decode(line)).as(line)
          .isInstanceOfSatisfying(ProtocolException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED));
    }
  }

  @Test
  void aBrokenLineStillReportsAnIdReadBeforeTheBreak() {
    assertThatThrownBy(() -> codec.decode("{\"id\":21,\"type\":\"hello\",\"x\":"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
          assertThat(e.requestId()).isEqualTo(21L);
        });
    assertThatThrownBy(() -> codec.decode("{\"type\":\"hello\",\"id\":22}{}"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.requestId()).isEqualTo(22L));
  }

  @Test
  void nullFieldsAreAbsent() throws Exception {
    assertThat(codec.decode("{\"type\":\"exec\",\"id\":1,\"argv\":[\"ls\"],\"cwd\":null,\"env\":null,"
        + "\"window\":null}"))
        .isEqualTo(new Exec(1L, List.of("ls"), null, null, null));
    assertThat(codec.encode(new Exec(1L, List.of("ls"), null, null, null))).doesNotContain("null");
  }

  @Test
  void aProcessReportWithABadEntryIsRefusedNamingTheField() {
    assertBadRequest("{\"type\":\"procs\",\"seq\":1,\"upsert\":[{\"pid\":0,\"ppid\":1,\"uid\":0,"
        + "\"state\":\"S\",\"cpuPercent\":0,\"rssKiB\":1,\"startMillis\":1,\"cmd\":\"x\"}]}",
        "procs: field 'pid' must be > 0", null);
    assertBadRequest("{\"type\":\"procs\",\"seq\":1,\"upsert\":[7]}",
        "procs: field 'upsert' must be an array of objects", null);
    assertBadRequest("{\"type\":\"procs\",\"seq\":1,\"gone\":[\"7\"]}",
        "procs: field 'gone' must be an array of integers", null);
  }

  @Test
  void serviceMessagesAreCheckedFieldByField() {
    assertBadRequest("{\"type\":\"services\",\"id\":3,\"runLevel\":7,\"initEpoch\":1,\"services\":[]}",
        "services: field 'runLevel' must be 0..6", 3L);
    assertBadRequest("{\"type\":\"services\",\"id\":3,\"runLevel\":3,\"initEpoch\":1,\"services\":[{\"name\":\"a\","
        + "\"revision\":1,\"argv\":[\"x\"],\"restart\":\"sometimes\",\"limit\":1,\"backoffMillis\":1,"
        + "\"maxBackoffMillis\":1,\"stopMillis\":0}]}",
        "services: field 'restart' must be one of always, on-failure, never", 3L);
    assertBadRequest("{\"type\":\"services\",\"id\":3,\"runLevel\":3,\"initEpoch\":1,\"services\":[{\"name\":\"a\","
        + "\"revision\":1,\"argv\":[\"x\"],\"restart\":\"never\",\"limit\":1,\"backoffMillis\":9,"
        + "\"maxBackoffMillis\":1,\"stopMillis\":0}]}",
        "services: field 'maxBackoffMillis' must be >= backoffMillis", 3L);
    assertBadRequest("{\"type\":\"service-log\",\"name\":\"a\",\"stream\":\"stdout\",\"lines\":[1]}",
        "service-log: field 'lines' must be an array of strings", null);
    assertBadRequest("{\"type\":\"service-states\",\"services\":[{\"name\":\"a\",\"revision\":1,"
        + "\"state\":\"dancing\",\"restarts\":0,\"sinceMillis\":1}]}",
        "service-states: field 'state' must be one of waiting, running, backoff, exited, failed, stopping", null);
  }

  private void assertBadRequest(String line, String message, Long id) {
    assertThatThrownBy(() -> codec.decode(line)).as(line)
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
          assertThat(e.getMessage()).isEqualTo(message);
          assertThat(e.requestId()).isEqualTo(id);
        });
  }

  @Test
  void outputDataTravelsAsBase64AndKeepsEveryByte() throws Exception {
    byte[] data = new byte[256];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    String line = codec.encode(new Output(8L, Stream.STDERR, data));
    assertThat(line).contains("\"stream\":\"stderr\"").contains("\"type\":\"output\"");
    Output decoded = (Output) codec.decode(line);
    assertThat(decoded.data()).containsExactly(data);
    assertThat(decoded.stream()).isEqualTo(Stream.STDERR);
  }

  @Test
  void notJsonIsMalformed() {
    assertThatThrownBy(() -> codec.decode("{oops"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
          assertThat(e.requestId()).isNull();
        });
    assertThatThrownBy(() -> codec.decode("[1,2]"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.getMessage()).contains("JSON object"));
  }

  @Test
  void unknownTypeIsNamedAndKeepsTheId() {
    assertThatThrownBy(() -> codec.decode("{\"type\":\"format-disk\",\"id\":12}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
          assertThat(e.getMessage()).contains("format-disk");
          assertThat(e.requestId()).isEqualTo(12L);
        });
  }

  @Test
  void missingTypeIsMalformed() {
    assertThatThrownBy(() -> codec.decode("{\"id\":3}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
          assertThat(e.getMessage()).contains("type");
        });
  }

  @Test
  void invalidFieldsAreNamed() {
    assertThatThrownBy(() -> codec.decode("{\"type\":\"exec\",\"id\":5,\"argv\":[]}"))
        .isInstanceOfSatisfying(ProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
          assertThat(e.getMessage()).contains("argv");
          assertThat(e.requestId()).isEqualTo(5L);
        });
    assertThatThrownBy(() -> codec.decode("{\"type\":\"signal\",\"id\":6,\"pid\":10,\"signal\":65}"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.getMessage()).contains("signal").contains("0..64"));
    assertThatThrownBy(() -> codec.decode("{\"type\":\"remote-signal\",\"id\":6,\"pid\":10,\"signal\":9}"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.getMessage()).isEqualTo("remote-signal: field 'uid' is required"));
    assertThatThrownBy(() -> codec.decode("{\"type\":\"cli\",\"id\":6,\"argv\":[\"ps\"],\"uid\":-1,\"gid\":0}"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.getMessage()).isEqualTo("cli: field 'uid' must be >= 0"));
    assertThatThrownBy(() -> codec.decode("{\"type\":\"hello\"}"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.getMessage()).contains("'id'"));
    assertThatThrownBy(() -> codec.decode("{\"type\":\"signal\",\"id\":6,\"pid\":\"x\",\"signal\":9}"))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
  }

  @Test
  void unknownFieldsAreIgnoredForForwardCompatibility() throws Exception {
    assertThat(codec.decode("{\"type\":\"hello\",\"id\":1,\"future\":true}"))
        .isEqualTo(new Messages.Hello(1L));
  }

  @Test
  void errorReplyCarriesCodeAndId() throws Exception {
    ProtocolException e = new ProtocolException(ErrorCode.TOO_LARGE, "line too long", 4L);
    String line = codec.encode(e.toReply());
    assertThat(line).contains("\"code\":\"too-large\"").contains("\"id\":4");
  }
}
