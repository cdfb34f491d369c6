package io.unum.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.unum.orchestrator.client.ServicesClient;
import io.unum.orchestrator.client.UnumClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code unum service create|get|update|delete|restart}: one cluster service. */
@Command(name = "service", description = "Declare, show, change, restart or delete a cluster service.",
    subcommands = {ServiceCommand.Create.class, ServiceCommand.Get.class, ServiceCommand.Update.class,
        ServiceCommand.Delete.class, ServiceCommand.Restart.class})
final class ServiceCommand {
  @ParentCommand
  UnumCli cli;

  /** The spec, from a file or from options: shared by create and update (which replaces the whole spec). */
  static final class SpecOptions {
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The spec as JSON or YAML (see 'unum api-doc',"
        + " ServiceSpec); options given too override its fields.")
    Path file;

    @Option(names = "--levels", paramLabel = "LIST", split = ",", description = "Run levels it runs at (default 2,3,5).")
    List<Integer> levels;

    @Option(names = "--placement", description = "any (one node of the cluster's choosing; default) or every.")
    String placement;

    @Option(names = "--node", paramLabel = "N", description = "Run it on node N only (placement node).")
    Integer node;

    @Option(names = "--user", description = "Who runs it (a user of the nodes; default root).")
    String user;

    @Option(names = "--restart", paramLabel = "POLICY", description = "always, on-failure (default) or never.")
    String restart;

    @Option(names = "--limit", paramLabel = "N", description = "Restarts in a row before it is failed (default 5).")
    Integer limit;

    @Option(names = "--backoff", paramLabel = "MILLIS", description = "Wait before the first restart (default 1000),"
        + " doubled for each next one.")
    Long backoff;

    @Option(names = "--max-backoff", paramLabel = "MILLIS", description = "Longest wait between restarts (default 30000).")
    Long maxBackoff;

    @Option(names = "--stop-timeout", paramLabel = "SECONDS", description = "After SIGTERM, before SIGKILL (default 10).")
    Integer stopTimeout;

    @Option(names = "--depends", paramLabel = "NAME", split = ",", description = "Services that must run first.")
    List<String> depends;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "An environment variable (repeatable).")
    Map<String, String> env;

    /** The request body: the file's fields, then the options, then the name and the command. */
    Map<String, Object> body(String name, List<String> command) {
      Map<String, Object> body = file == null ? new LinkedHashMap<>() : read(file);
      body.put("name", name);
      if (command != null && !command.isEmpty()) {
        body.put("command", command);
      }
      putIfSet(body, "runLevels", levels);
      putIfSet(body, "placement", node != null ? "node" : placement);
      putIfSet(body, "node", node);
      putIfSet(body, "user", user);
      putIfSet(body, "stopTimeoutSeconds", stopTimeout);
      putIfSet(body, "dependsOn", depends);
      putIfSet(body, "env", env);
      if (restart != null || limit != null || backoff != null || maxBackoff != null) {
        @SuppressWarnings("unchecked")
        Map<String, Object> policy = body.get("restart") instanceof Map<?, ?> given
            ? new LinkedHashMap<>((Map<String, Object>) given) : new LinkedHashMap<>();
        putIfSet(policy, "policy", restart);
        putIfSet(policy, "limit", limit);
        putIfSet(policy, "backoffMillis", backoff);
        putIfSet(policy, "maxBackoffMillis", maxBackoff);
        body.put("restart", policy);
      }
      if (!body.containsKey("command")) {
        throw new CliFailure("no command: give it after '--' (unum service create web -- python3 -m http.server)"
            + " or in the file (-f)", 2);
      }
      return body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path file) {
      try {
        Object spec = new Yaml().load(Files.readString(file));
        if (!(spec instanceof Map<?, ?> map)) {
          throw new CliFailure(file + ": a service spec must be an object (JSON or YAML mapping)", 2);
        }
        return new LinkedHashMap<>((Map<String, Object>) map);
      } catch (IOException e) {
        throw new CliFailure("cannot read " + file + ": " + e.getMessage(), 2);
      } catch (YAMLException e) {
        throw new CliFailure(file + " is neither JSON nor YAML: " + e.getMessage(), 2);
      }
    }

    private static void putIfSet(Map<String, Object> body, String key, Object value) {
      if (value != null) {
        body.put(key, value);
      }
    }
  }

  /** What create and update share: the name, the spec, and printing the answer. */
  abstract static class SpecCommand implements Callable<Integer> {
    @ParentCommand
    ServiceCommand parent;

    @Mixin
    OutputOption output;

    @Mixin
    SpecOptions spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Its name (a-z, 0-9, '.', '_', '-').")
    String name;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The program and its arguments.")
    List<String> command = new ArrayList<>();

    abstract JsonNode send(ServicesClient services, Map<String, Object> body);

    @Override
    public Integer call() throws Exception {
      UnumClient client = parent.cli.client();
      print(parent.cli, output, client, send(client.services(), spec.body(name, command)));
      return 0;
    }
  }

  @Command(name = "create", description = "Declare a service: unum service create NAME [options] -- COMMAND [ARGS...].")
  static final class Create extends SpecCommand {
    @Override
    JsonNode send(ServicesClient services, Map<String, Object> body) {
      return services.create(body);
    }
  }

  @Command(name = "update", description = "Replace a service's spec (what is not given takes its default);"
      + " its instances restart.")
  static final class Update extends SpecCommand {
    @Override
    JsonNode send(ServicesClient services, Map<String, Object> body) {
      return services.replace(name, body);
    }
  }

  /** What get and restart share: one service named, and printing the answer. */
  abstract static class NamedCommand implements Callable<Integer> {
    @ParentCommand
    ServiceCommand parent;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "NAME")
    String name;

    abstract JsonNode send(ServicesClient services);

    @Override
    public Integer call() throws Exception {
      UnumClient client = parent.cli.client();
      print(parent.cli, output, client, send(client.services()));
      return 0;
    }
  }

  @Command(name = "get", description = "Show one service: its spec and its instances.")
  static final class Get extends NamedCommand {
    @Override
    JsonNode send(ServicesClient services) {
      return services.get(name);
    }
  }

  @Command(name = "restart", description = "Restart every instance of a service, with cleared restart counts.")
  static final class Restart extends NamedCommand {
    @Override
    JsonNode send(ServicesClient services) {
      return services.restart(name);
    }
  }

  @Command(name = "delete", description = "Remove a service: its instances stop and its log goes.")
  static final class Delete implements Callable<Integer> {
    @ParentCommand
    ServiceCommand parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws Exception {
      parent.cli.client().services().delete(name);
      parent.cli.out.println("service " + name + " deleted");
      return 0;
    }
  }

  private static void print(UnumCli cli, OutputOption output, UnumClient client, JsonNode service) throws Exception {
    if (!output.printedAsData(client.json(), service)) {
      ServicesCommand.table(List.of(service)).print(cli.out);
    }
  }
}
