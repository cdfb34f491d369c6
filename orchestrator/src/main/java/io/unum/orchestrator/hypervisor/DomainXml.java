package io.unum.orchestrator.hypervisor;

import io.unum.agent.protocol.Protocol;

/** Renders a {@link DomainSpec} as libvirt domain XML. Pure: no libvirt needed to test it. */
public final class DomainXml {
  /** XML namespace of Unum's domain metadata. */
  public static final String METADATA_NS = "https://unum.dev/xmlns/node/1";

  private DomainXml() {}

  public static String render(DomainSpec spec) {
    // on_reboot=destroy: a kernel panic (panic=-1) must end the domain, not loop it; the
    // orchestrator restarts nodes itself when asked to reboot them. The console is appended to:
    // it is one file on shared storage, which a live migration's destination goes on writing.
    return """
        <domain type='%s'>
          <name>%s</name>
          <metadata>
            <unum:node xmlns:unum='%s' number='%d'/>
          </metadata>
          <memory unit='MiB'>%d</memory>
          <vcpu>%d</vcpu>
          <os>
            <type arch='x86_64' machine='q35'>hvm</type>
            <kernel>%s</kernel>
            <cmdline>%s</cmdline>
          </os>
          <features><acpi/></features>
%s          <clock offset='utc'/>
          <on_poweroff>destroy</on_poweroff>
          <on_reboot>destroy</on_reboot>
          <on_crash>destroy</on_crash>
          <devices>
            <controller type='usb' model='none'/>
            <disk type='file' device='disk'>
              <driver name='qemu' type='qcow2'/>
              <source file='%s'/>
              <target dev='vda' bus='virtio'/>
            </disk>
            <interface type='bridge'>
              <mac address='%s'/>
              <source bridge='%s'/>
              <model type='virtio'/>
%s            </interface>
            <serial type='file'>
              <source path='%s' append='on'/>
              <target port='0'/>
            </serial>
            <channel type='unix'>
              <source mode='bind' path='%s'/>
              <target type='virtio' name='%s'/>
            </channel>
            <memballoon model='virtio'/>
            <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
          </devices>
        </domain>
        """.formatted(
        spec.accel().domainType(),
        escape(spec.name()),
        METADATA_NS,
        spec.node(),
        spec.memoryMiB(),
        spec.cpus(),
        escape(spec.kernel().toString()),
        escape(spec.cmdline()),
        // TCG keeps QEMU's default CPU model: identical on every host, so migration just works.
        spec.accel() == Accel.Kind.KVM ? "  <cpu mode='host-model'/>\n" : "",
        escape(spec.disk().toString()),
        escape(spec.mac()),
        escape(spec.bridge()),
        // The interconnect's tunnels cost 50 bytes: the guest must know, or large frames vanish.
        spec.mtu() > 0 ? "              <mtu size='" + spec.mtu() + "'/>\n" : "",
        escape(spec.consoleLog().toString()),
        escape(spec.agentSocket().toString()),
        Protocol.CHANNEL_NAME);
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '\'' -> out.append("&apos;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
