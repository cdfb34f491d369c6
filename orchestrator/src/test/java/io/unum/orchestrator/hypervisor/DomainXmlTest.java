package io.unum.orchestrator.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class DomainXmlTest {

  private static DomainSpec spec(Accel.Kind accel, String cmdline) {
    return new DomainSpec("unum-node3", 3, accel, 2, 768, Path.of("/cache/bzImage"), cmdline,
        Path.of("/var/lib/unum/nodes/node3/disk.qcow2"), "52:54:00:75:00:03", "unum0", 1450,
        Path.of("/var/lib/unum/nodes/node3/console.log"), Path.of("/var/lib/unum/nodes/node3/agent.sock"));
  }

  private static XPath parse(String xml, Document[] out) throws Exception {
    out[0] = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    return XPathFactory.newInstance().newXPath();
  }

  @Test
  void tcgGuestHasEverythingANodeNeeds() throws Exception {
    Document[] doc = new Document[1];
    XPath x = parse(DomainXml.render(spec(Accel.Kind.TCG, "console=ttyS0 unum.node=3")), doc);
    assertThat(x.evaluate("/domain/@type", doc[0])).isEqualTo("qemu");
    assertThat(x.evaluate("/domain/name", doc[0])).isEqualTo("unum-node3");
    assertThat(x.evaluate("/domain/memory", doc[0])).isEqualTo("768");
    assertThat(x.evaluate("/domain/memory/@unit", doc[0])).isEqualTo("MiB");
    assertThat(x.evaluate("/domain/vcpu", doc[0])).isEqualTo("2");
    assertThat(x.evaluate("/domain/os/kernel", doc[0])).isEqualTo("/cache/bzImage");
    assertThat(x.evaluate("/domain/os/cmdline", doc[0])).isEqualTo("console=ttyS0 unum.node=3");
    assertThat(x.evaluate("/domain/devices/disk/source/@file", doc[0])).endsWith("node3/disk.qcow2");
    assertThat(x.evaluate("/domain/devices/disk/driver/@type", doc[0])).isEqualTo("qcow2");
    assertThat(x.evaluate("/domain/devices/interface/@type", doc[0])).isEqualTo("bridge");
    assertThat(x.evaluate("/domain/devices/interface/source/@bridge", doc[0])).isEqualTo("unum0");
    assertThat(x.evaluate("/domain/devices/interface/mac/@address", doc[0])).isEqualTo("52:54:00:75:00:03");
    assertThat(x.evaluate("/domain/devices/interface/mtu/@size", doc[0])).isEqualTo("1450");
    assertThat(x.evaluate("/domain/devices/serial/source/@path", doc[0])).endsWith("node3/console.log");
    assertThat(x.evaluate("/domain/devices/channel/target/@name", doc[0])).isEqualTo("io.unum.agent.0");
    assertThat(x.evaluate("/domain/devices/channel/source/@path", doc[0])).endsWith("node3/agent.sock");
    assertThat(x.evaluate("/domain/on_reboot", doc[0])).isEqualTo("destroy");
    assertThat(x.evaluate("count(/domain/features/acpi)", doc[0])).isEqualTo("1");
    // TCG keeps the default CPU model so every host offers the same one.
    assertThat(x.evaluate("count(/domain/cpu)", doc[0])).isEqualTo("0");
  }

  @Test
  void kvmGuestUsesAMigratableHostCpuModel() throws Exception {
    Document[] doc = new Document[1];
    XPath x = parse(DomainXml.render(spec(Accel.Kind.KVM, "x")), doc);
    assertThat(x.evaluate("/domain/@type", doc[0])).isEqualTo("kvm");
    assertThat(x.evaluate("/domain/cpu/@mode", doc[0])).isEqualTo("host-model");
  }

  @Test
  void userTextIsEscaped() throws Exception {
    Document[] doc = new Document[1];
    XPath x = parse(DomainXml.render(spec(Accel.Kind.TCG, "a=<b> & 'c'")), doc);
    assertThat(x.evaluate("/domain/os/cmdline", doc[0])).isEqualTo("a=<b> & 'c'");
  }
}
