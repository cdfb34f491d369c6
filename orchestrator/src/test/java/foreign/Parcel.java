package foreign;

import java.io.Serializable;

/** A Serializable class outside Unum's packages, as a stranger would put in the control plane. */
public record Parcel(String content) implements Serializable {
}
