package io.unum.orchestrator.hypervisor;

/** How guests are run on this host, and why it was chosen. */
public record Accel(Kind kind, String reason) {

  /** Hardware virtualisation, or QEMU's software emulation. */
  public enum Kind {
    KVM("kvm"), TCG("qemu");

    private final String domainType;

    Kind(String domainType) {
      this.domainType = domainType;
    }

    /** The libvirt {@code <domain type=...>} for this kind. */
    public String domainType() {
      return domainType;
    }
  }
}
