package io.unum.orchestrator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code -o table|json|yaml} option every listing takes, and the machine-readable half of printing. */
final class OutputOption {
  @Option(names = {"-o", "--output"}, description = "table, json or yaml (default: ${DEFAULT-VALUE}).",
      defaultValue = "table")
  OutputFormat format;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** The stream of this run (a node user's for an in-node command). */
  PrintStream out() {
    return ((UnumCli) mixee.root().userObject()).out;
  }

  /** Prints {@code answer} as JSON or YAML when asked to; returns whether it did. */
  boolean printedAsData(ObjectMapper json, JsonNode answer) throws JsonProcessingException {
    switch (format) {
      case json -> out().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
      case yaml -> {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        out().print(new Yaml(options).dump(json.convertValue(answer, Object.class)));
      }
      default -> {
        return false;
      }
    }
    return true;
  }
}
